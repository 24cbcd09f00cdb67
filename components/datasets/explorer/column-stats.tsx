import { Card } from "@/components/ui/card";
import type { ColumnStats } from "@/lib/datasets/explorer/stats";

const number = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 6 });

function show(value: number | string | null): string {
  if (value === null) return "—";
  return typeof value === "number" ? number.format(value) : value;
}

/** Summary statistics per column, computed in SQL once per dataset. */
export function ColumnStatsTable({ stats }: { stats: ColumnStats[] }) {
  const headers = [
    "Column",
    "Type",
    "Count",
    "Missing",
    "Distinct",
    "Mean",
    "Std",
    "Min",
    "Q1",
    "Median",
    "Q3",
    "Max",
    "Top values",
  ];
  return (
    <Card title="Summary statistics">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="column-stats">
          <thead className="text-xs text-muted">
            <tr>
              {headers.map((h) => (
                <th key={h} scope="col" className="px-2 py-1 font-medium whitespace-nowrap">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.name} data-column={s.name} className="border-t border-border tabular-nums">
                <th scope="row" className="px-2 py-1 font-medium whitespace-nowrap">
                  {s.name}
                </th>
                <td className="px-2 py-1 text-muted">{s.type}</td>
                {[s.count, s.missing, s.distinct, s.mean, s.std, s.min, s.q1, s.median, s.q3, s.max].map(
                  (v, i) => (
                    <td key={i} className="px-2 py-1 whitespace-nowrap">
                      {show(v)}
                    </td>
                  ),
                )}
                <td className="px-2 py-1 text-xs text-muted">
                  {s.top.map((t) => `${t.value} (${number.format(t.count)})`).join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
