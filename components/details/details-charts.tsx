"use client";

import { useMemo, useRef } from "react";
import { NO_DATA, chartLayout } from "@/components/charts/chart-layout";
import { Plot } from "@/components/charts/plot";
import { categoryBars, revenueLines, topProductsBars } from "@/components/charts/revenue-figures";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import type { DetailsCharts as ChartsData } from "@/lib/data/details";
import { themeTokens } from "@/lib/theme";
import { usePlotEvents } from "./use-plot-events";

const granularityLabel = { day: "Daily", week: "Weekly", month: "Monthly" } as const;

interface Props {
  charts: ChartsData;
  /** Identifies the data drawn (the filters), for data-drawn-key. */
  dataKey: string;
  selectedCategory: string | null;
  selectedProduct: number | null;
  onCategory: (category: string) => void;
  onProduct: (productId: number) => void;
  onRange: (from: string, to: string) => void;
}

interface ClickEvent {
  points?: { x?: unknown; y?: unknown; customdata?: unknown }[];
}

/** The day of a Plotly date-axis value ("2025-03-04" or "2025-03-04 05:12:33.5"). */
const dayOf = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;

/** Linked charts: a click on a category or product bar, or a zoom on the time series, filters the table. */
export function DetailsCharts(props: Props) {
  const { charts } = props;
  const mode = useThemeMode();
  const tokens = themeTokens(mode);
  const key = `${props.dataKey}|${mode}`;
  const empty = charts.categories.length === 0;
  const categoryRef = useRef<HTMLDivElement>(null);
  const productRef = useRef<HTMLDivElement>(null);
  const timeRef = useRef<HTMLDivElement>(null);

  usePlotEvents(categoryRef, {
    plotly_click: (event) => {
      const x = (event as ClickEvent).points?.[0]?.x;
      if (typeof x === "string") props.onCategory(x);
    },
  });
  usePlotEvents(productRef, {
    plotly_click: (event) => {
      const data = (event as ClickEvent).points?.[0]?.customdata;
      const id = Array.isArray(data) ? data[0] : null;
      if (typeof id === "number") props.onProduct(id);
    },
  });
  usePlotEvents(timeRef, {
    plotly_relayout: (event) => {
      const update = event as Record<string, unknown>;
      const range = Array.isArray(update["xaxis.range"]) ? (update["xaxis.range"] as unknown[]) : null;
      const from = dayOf(update["xaxis.range[0]"] ?? range?.[0]);
      const to = dayOf(update["xaxis.range[1]"] ?? range?.[1]);
      if (from && to) props.onRange(from <= to ? from : to, from <= to ? to : from);
    },
  });

  const figures = useMemo(() => {
    const hint = "Click to show its orders";
    return {
      category: categoryBars(charts.categories, tokens, { selected: props.selectedCategory, hint }),
      product: topProductsBars(charts.products, tokens, { selected: props.selectedProduct, hint }),
      timeseries: revenueLines(
        charts.timeseries.x,
        [{ name: "Revenue", y: charts.timeseries.revenue }],
        tokens,
        1,
      ),
    };
  }, [charts, tokens, props.selectedCategory, props.selectedProduct]);

  const layouts = useMemo(
    () => ({
      category: chartLayout(mode, { yaxis: { tickprefix: "$", tickformat: "~s" }, bargap: 0.35 }, empty),
      product: chartLayout(
        mode,
        { xaxis: { tickprefix: "$", tickformat: "~s" }, bargap: 0.3, margin: { l: 150, r: 8, t: 8, b: 32 } },
        empty,
      ),
      timeseries: chartLayout(
        mode,
        {
          yaxis: { tickprefix: "$", tickformat: "~s" },
          dragmode: "zoom",
          hovermode: "x unified",
          margin: { l: 48, r: 8, t: 8, b: 32 },
        },
        empty,
      ),
    }),
    [mode, empty],
  );
  const summary = (what: string) => `${what}${empty ? `: ${NO_DATA.toLowerCase()}` : ""}`;

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card title="Revenue by category (click a bar to filter)">
        <div ref={categoryRef}>
          <Plot
            testId="chart-category"
            label={summary("Revenue by product category, bar chart; clicking a bar filters the table")}
            dataKey={key}
            data={figures.category}
            layout={layouts.category}
            className="h-64"
          />
        </div>
      </Card>
      <Card title="Top 10 products (click a bar to filter)">
        <div ref={productRef}>
          <Plot
            testId="chart-products"
            label={summary("Top 10 products by revenue, horizontal bars; clicking a bar filters the table")}
            dataKey={key}
            data={figures.product}
            layout={layouts.product}
            className="h-64"
          />
        </div>
      </Card>
      <Card title={`${granularityLabel[charts.timeseries.granularity]} revenue (drag to pick dates)`}>
        <div ref={timeRef}>
          <Plot
            testId="chart-timeseries"
            label={summary("Revenue over time, line chart; dragging across it sets the date range")}
            dataKey={key}
            data={figures.timeseries}
            layout={layouts.timeseries}
            className="h-64"
          />
        </div>
      </Card>
    </div>
  );
}
