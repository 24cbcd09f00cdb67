"use client";

import { Card } from "@/components/ui/card";
import { formatPercent } from "@/lib/format";
import type { HealthSnapshot } from "@/lib/live/protocol";

const number1 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId: string;
}) {
  return (
    <div className="rounded-lg border border-border p-3">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <p className="text-xs text-muted">{hint}</p>}
    </div>
  );
}

/** The server's own health, pushed every second on the same stream (admins only). */
export function HealthPanel({ health }: { health: HealthSnapshot | null }) {
  return (
    <Card title="Server health (this process, live)">
      <dl
        data-testid="health-panel"
        data-updated={health?.at ?? ""}
        className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
      >
        <Stat
          testId="health-rps"
          label="Requests / s"
          value={health ? number1.format(health.requestsPerSecond) : "…"}
          hint="last 5 s"
        />
        <Stat
          testId="health-p95"
          label="p95 latency"
          value={health ? (health.p95Ms === null ? "—" : `${number1.format(health.p95Ms)} ms`) : "…"}
          hint="last minute, streams excluded"
        />
        <Stat
          testId="health-cache"
          label="Cache hit rate"
          value={health ? (health.cacheHitRate === null ? "—" : formatPercent(health.cacheHitRate)) : "…"}
          hint="since start"
        />
        <Stat
          testId="health-lag"
          label="Event-loop lag"
          value={health ? `${number1.format(health.eventLoopLagMs.p99)} ms` : "…"}
          hint={
            health
              ? `p99; mean ${number1.format(health.eventLoopLagMs.mean)} ms, max ${number1.format(health.eventLoopLagMs.max)} ms`
              : "p99"
          }
        />
        <Stat
          testId="health-memory"
          label="Memory (RSS)"
          value={health ? `${number1.format(health.memoryMb.rss)} MB` : "…"}
          hint={health ? `heap ${number1.format(health.memoryMb.heapUsed)} MB` : undefined}
        />
        <Stat
          testId="health-clients"
          label="Live clients"
          value={health ? String(health.liveClients) : "…"}
          hint="open streams"
        />
      </dl>
    </Card>
  );
}
