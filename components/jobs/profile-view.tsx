import type { ColumnProfile, ProfileResult } from "@/lib/jobs/workers/profile.mjs";

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
const integer = new Intl.NumberFormat("en-US");

function show(value: number | string | null): string {
  if (value === null) return "—";
  return typeof value === "number" ? number.format(value) : value;
}

/** A histogram as plain bars: one small chart per column would load a Plotly instance each. */
function MiniHistogram({ column }: { column: ColumnProfile }) {
  const bars = column.histogram.length
    ? column.histogram.map((bin) => ({ label: `${show(bin.from)} – ${show(bin.to)}`, count: bin.count }))
    : column.top.map((top) => ({ label: top.value, count: top.count }));
  if (bars.length === 0) return <span className="text-xs text-muted">no values</span>;
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <div
      className="flex h-10 w-48 items-end gap-px"
      role="img"
      aria-label={`Distribution of ${column.name}`}
      data-testid={`histogram-${column.position}`}
    >
      {bars.map((bar, index) => (
        <div
          key={index}
          title={`${bar.label}: ${integer.format(bar.count)}`}
          className="min-h-px flex-1 rounded-t-sm bg-accent"
          style={{ height: `${Math.max(2, (100 * bar.count) / max)}%` }}
        />
      ))}
    </div>
  );
}

/** Pearson r as a colour: blue for positive, red for negative, stronger with |r|. */
function cellColor(r: number | null): string {
  if (r === null) return "transparent";
  const alpha = Math.abs(r) * 0.85;
  return r >= 0 ? `rgba(37, 99, 235, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
}

function Heatmap({ correlation }: { correlation: ProfileResult["correlation"] }) {
  if (correlation.columns.length < 2)
    return <p className="text-sm text-muted">Fewer than two numeric columns: no correlations to show.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs" data-testid="correlation-heatmap">
        <caption className="mb-1 text-left text-sm font-medium">
          Correlation (Pearson r) of numeric columns
        </caption>
        <thead>
          <tr>
            <th />
            {correlation.columns.map((name) => (
              <th key={name} scope="col" className="max-w-24 truncate px-1 font-medium">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {correlation.matrix.map((row, i) => (
            <tr key={correlation.columns[i]}>
              <th scope="row" className="max-w-32 truncate pr-2 text-right font-medium">
                {correlation.columns[i]}
              </th>
              {row.map((r, j) => (
                <td
                  key={j}
                  data-testid={`corr-${i}-${j}`}
                  data-value={r ?? ""}
                  className="h-9 w-14 rounded text-center tabular-nums"
                  style={{
                    backgroundColor: cellColor(r),
                    color: r !== null && Math.abs(r) > 0.6 ? "white" : undefined,
                  }}
                >
                  {r === null ? "—" : r.toFixed(2)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProfileView({ result }: { result: ProfileResult }) {
  return (
    <div className="space-y-4" data-testid="profile-view">
      <p className="text-sm">
        <span className="font-medium">{result.name}</span>: {integer.format(result.rowCount)} rows,{" "}
        {result.columns.length} columns
        {result.omittedColumns > 0 ? ` (${result.omittedColumns} more not profiled)` : ""}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="profile-columns">
          <thead className="text-left text-xs text-muted">
            <tr>
              {[
                "Column",
                "Type",
                "Values",
                "Missing",
                "Distinct",
                "Min",
                "Max",
                "Mean",
                "Std",
                "Distribution",
              ].map((heading) => (
                <th key={heading} scope="col" className="px-2 py-1 font-medium">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.columns.map((column) => (
              <tr key={column.position} className="border-t border-border" data-column={column.name}>
                <th scope="row" className="px-2 py-1 text-left font-medium">
                  {column.name}
                </th>
                <td className="px-2 py-1 text-muted">{column.type}</td>
                <td className="px-2 py-1 tabular-nums">{integer.format(column.count)}</td>
                <td className="px-2 py-1 tabular-nums">{integer.format(column.nulls)}</td>
                <td className="px-2 py-1 tabular-nums">{integer.format(column.distinct)}</td>
                <td className="px-2 py-1 tabular-nums">{show(column.min)}</td>
                <td className="px-2 py-1 tabular-nums">{show(column.max)}</td>
                <td className="px-2 py-1 tabular-nums">{show(column.mean)}</td>
                <td className="px-2 py-1 tabular-nums">{show(column.std)}</td>
                <td className="px-2 py-1">
                  <MiniHistogram column={column} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Heatmap correlation={result.correlation} />
    </div>
  );
}
