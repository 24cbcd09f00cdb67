import type { Kpi, OverviewData } from "@/lib/data/overview";
import { daysInRange } from "@/lib/dates";
import {
  formatChange,
  formatCurrency,
  formatCurrencyCents,
  formatInteger,
  formatPercent,
} from "@/lib/format";

interface KpiSpec {
  testId: string;
  label: string;
  pick: (kpis: OverviewData["kpis"]) => Kpi;
  format: (value: number) => string;
  change: "relative" | "points";
}

const KPIS: KpiSpec[] = [
  {
    testId: "kpi-revenue",
    label: "Revenue",
    pick: (k) => k.revenue,
    format: formatCurrency,
    change: "relative",
  },
  { testId: "kpi-orders", label: "Orders", pick: (k) => k.orders, format: formatInteger, change: "relative" },
  {
    testId: "kpi-aov",
    label: "Average order value",
    pick: (k) => k.aov,
    format: formatCurrencyCents,
    change: "relative",
  },
  { testId: "kpi-margin", label: "Margin", pick: (k) => k.margin, format: formatPercent, change: "points" },
];

export function KpiCards({ data }: { data: OverviewData }) {
  const previous = `${data.previousPeriod.from} – ${data.previousPeriod.to}`;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {KPIS.map((spec) => {
        const kpi = spec.pick(data.kpis);
        // Direction as displayed (one decimal), so "±0.0" is never coloured as a loss.
        const change = kpi.change === null ? null : Math.round(kpi.change * 1000) / 1000;
        return (
          <section
            key={spec.testId}
            className="rounded-xl border border-border bg-surface p-4 shadow-sm"
            aria-label={spec.label}
          >
            <h2 className="text-xs font-medium uppercase tracking-wide text-muted">{spec.label}</h2>
            <p className="mt-1 text-2xl font-semibold tabular-nums tracking-tight" data-testid={spec.testId}>
              {kpi.value === null ? "—" : spec.format(kpi.value)}
            </p>
            <p
              className="mt-1 text-xs text-muted"
              data-testid={`${spec.testId}-change`}
              title={`Previous period ${previous}`}
            >
              {change === null ? (
                "No previous data"
              ) : (
                <>
                  <span className={change > 0 ? "text-positive" : change < 0 ? "text-negative" : ""}>
                    {change > 0 ? "▲" : change < 0 ? "▼" : "•"} {formatChange(change, spec.change)}
                  </span>{" "}
                  vs previous {formatInteger(daysInRange(data.previousPeriod.from, data.previousPeriod.to))}{" "}
                  days
                </>
              )}
            </p>
          </section>
        );
      })}
    </div>
  );
}
