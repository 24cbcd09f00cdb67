"use client";

import { useMemo } from "react";
import type { Data } from "plotly.js";
import { NO_DATA, chartLayout } from "@/components/charts/chart-layout";
import { Plot } from "@/components/charts/plot";
import { channelDonut, topProductsBars } from "@/components/charts/revenue-figures";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import type { StorePanel } from "@/lib/data/stores";
import { formatCurrency, formatCurrencyCents, formatInteger, formatPercent } from "@/lib/format";
import { themeTokens } from "@/lib/theme";

const granularityLabel = { day: "Daily", week: "Weekly", month: "Monthly" } as const;

/** One store's figures for the current filters: KPIs, revenue trend, top products, channel mix. */
export function StorePanelView({ panel, onClose }: { panel: StorePanel; onClose: () => void }) {
  const mode = useThemeMode();
  const tokens = themeTokens(mode);
  const empty = panel.kpis.orders === 0;
  const key = `${panel.key}|${mode}`;
  const { kpis, store } = panel;

  const figures = useMemo(() => {
    const trend: Data[] = [
      {
        type: "scatter",
        mode: "lines",
        x: panel.trend.x,
        y: panel.trend.revenue,
        line: { width: 2, color: tokens.palette[0] },
        hovertemplate: "%{x}: %{y:$,.0f}<extra></extra>",
      },
    ];
    const product = topProductsBars(panel.products, tokens);
    const channel = channelDonut(panel.channels, tokens);
    return { trend, product, channel };
  }, [panel, tokens]);

  const layouts = useMemo(
    () => ({
      trend: chartLayout(mode, { yaxis: { tickprefix: "$", tickformat: "~s" }, showlegend: false }, empty),
      product: chartLayout(mode, { xaxis: { tickprefix: "$", tickformat: "~s" }, bargap: 0.3 }, empty),
      channel: chartLayout(mode, { showlegend: false }, empty),
    }),
    [mode, empty],
  );

  const cards = [
    { id: "revenue", label: "Revenue", value: formatCurrency(kpis.revenue) },
    { id: "orders", label: "Orders", value: formatInteger(kpis.orders) },
    {
      id: "aov",
      label: "Average order value",
      value: kpis.aov === null ? "—" : formatCurrencyCents(kpis.aov),
    },
    { id: "margin", label: "Margin", value: kpis.margin === null ? "—" : formatPercent(kpis.margin) },
    { id: "profit", label: "Profit", value: formatCurrency(kpis.profit) },
    { id: "cost", label: "Cost", value: formatCurrency(kpis.cost) },
  ];

  return (
    <section
      className="space-y-4"
      data-testid="store-panel"
      data-store-id={store.id}
      aria-labelledby="store-panel-title"
    >
      <Card>
        <div className="flex items-start justify-between gap-2">
          <div>
            <h2
              id="store-panel-title"
              className="text-lg font-semibold tracking-tight"
              data-testid="store-panel-title"
            >
              {store.name}
            </h2>
            <p className="text-sm text-muted">
              {store.city} · {store.region} region
            </p>
          </div>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close the store panel"
            className="rounded-md border border-border px-2 py-1 text-sm hover:bg-surface-muted"
          >
            ✕
          </button>
        </div>
        {!panel.inFilters && (
          <p className="mt-2 text-sm text-warning-text" data-testid="store-outside-filters">
            The region filter leaves out the {store.region} region, so this store shows no figures.
          </p>
        )}
        <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3">
          {cards.map((card) => (
            <div key={card.id} className="rounded-lg bg-surface-muted p-2">
              <dt className="text-xs text-muted">{card.label}</dt>
              <dd className="text-base font-semibold tabular-nums" data-testid={`store-kpi-${card.id}`}>
                {card.value}
              </dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={`${granularityLabel[panel.trend.granularity]} revenue`}>
        <Plot
          testId="store-trend"
          label={`Revenue over time at ${store.name}${empty ? `: ${NO_DATA.toLowerCase()}` : ""}`}
          dataKey={key}
          data={figures.trend}
          layout={layouts.trend}
          className="h-56"
        />
      </Card>
      <Card title="Top products">
        <Plot
          testId="store-products"
          label={`Top ${panel.products.length} products by revenue at ${store.name}, horizontal bars`}
          dataKey={key}
          data={figures.product}
          layout={layouts.product}
          className="h-64"
        />
      </Card>
      <Card title="Revenue by channel">
        <Plot
          testId="store-channels"
          label={`Revenue share by channel at ${store.name}, donut chart`}
          dataKey={key}
          data={figures.channel}
          layout={layouts.channel}
          className="h-56"
        />
      </Card>
    </section>
  );
}
