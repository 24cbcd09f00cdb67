import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatInteger, formatPercent } from "@/lib/format";
import { PERFORMANCE_WINDOWS, type PerformanceReport } from "@/lib/profiling/report";

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const th = "px-2 py-1.5 text-left font-medium text-muted";
const td = "px-2 py-1.5 tabular-nums";

export function PerformanceReportView({ report }: { report: PerformanceReport }) {
  return (
    <div className="space-y-4">
      <nav aria-label="Time window" className="flex gap-2 text-sm">
        {PERFORMANCE_WINDOWS.map((minutes) => (
          <Link
            key={minutes}
            href={`/admin/performance?minutes=${minutes}`}
            aria-current={minutes === report.minutes ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 ${minutes === report.minutes ? "bg-surface-muted font-medium" : "text-muted hover:text-text"}`}
          >
            Last {minutes} min
          </Link>
        ))}
      </nav>

      <Card title={`Slowest routes and actions, last ${report.minutes} minutes`}>
        {report.routes.length === 0 ? (
          <p className="text-sm text-muted">No requests in this window.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="performance-routes">
              <thead>
                <tr>
                  <th className={th}>Route or action</th>
                  <th className={th}>Count</th>
                  <th className={th}>p50</th>
                  <th className={th}>p95</th>
                  <th className={th}>Max</th>
                  <th className={th} title="Mean per request (PROFILER=1)">
                    SQL
                  </th>
                  <th className={th} title="Mean per request: handler or render time outside SQL and cache">
                    Compute
                  </th>
                  <th
                    className={th}
                    title="Mean per request: after an action returned, until the response ended"
                  >
                    Serialize
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.routes.map((route) => (
                  <tr key={route.name} className="border-t border-border">
                    <td className="px-2 py-1.5">
                      <span className="font-mono text-xs">{route.name}</span>
                      {route.kind === "stream" && (
                        <span className="ml-1 text-xs text-muted">(stream: duration open)</span>
                      )}
                    </td>
                    <td className={td}>{formatInteger(route.count)}</td>
                    <td className={td}>{ms(route.p50)}</td>
                    <td className={td}>{ms(route.p95)}</td>
                    <td className={td}>{ms(route.max)}</td>
                    <td className={td}>{report.profilerEnabled ? ms(route.meanDbMs) : "—"}</td>
                    <td className={td}>{ms(route.meanComputeMs)}</td>
                    <td className={td}>{ms(route.meanSerializeMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Caches (since start)">
        {report.caches.length === 0 ? (
          <p className="text-sm text-muted">No cache has been used yet.</p>
        ) : (
          <table className="w-full text-sm" data-testid="performance-caches">
            <thead>
              <tr>
                <th className={th}>Cache</th>
                <th className={th}>Hit rate</th>
                <th className={th}>Hits</th>
                <th className={th}>Joined</th>
                <th className={th}>Misses</th>
                <th className={th}>Entries</th>
              </tr>
            </thead>
            <tbody>
              {report.caches.map(({ name, stats, hitRate }) => (
                <tr key={name} className="border-t border-border">
                  <td className="px-2 py-1.5">{name}</td>
                  <td className={td}>{hitRate === null ? "—" : formatPercent(hitRate)}</td>
                  <td className={td}>{formatInteger(stats.hits)}</td>
                  <td className={td}>{formatInteger(stats.joined)}</td>
                  <td className={td}>{formatInteger(stats.misses)}</td>
                  <td className={td}>{formatInteger(stats.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Slowest SQL statements (slowest single call, since start)">
        {!report.profilerEnabled ? (
          <p className="text-sm text-muted" data-testid="performance-sql-off">
            Statement timing is off. Start the server with <code>PROFILER=1</code> to time every SQL call and
            see the slowest statements with their query plans here.
          </p>
        ) : report.statements.length === 0 ? (
          <p className="text-sm text-muted">No SQL has run yet.</p>
        ) : (
          <ol className="space-y-3" data-testid="performance-sql">
            {report.statements.map((stat) => (
              <li key={stat.sql} className="rounded-lg border border-border p-3 text-sm">
                <p className="tabular-nums text-muted">
                  max {ms(stat.maxMs)} · mean {ms(stat.meanMs)} · {formatInteger(stat.calls)} calls
                </p>
                <pre className="mt-1 overflow-x-auto whitespace-pre-wrap font-mono text-xs">{stat.sql}</pre>
                <p className="mt-2 text-xs font-medium text-muted">EXPLAIN QUERY PLAN</p>
                <pre className="overflow-x-auto font-mono text-xs">{stat.plan.join("\n")}</pre>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
