"use client";

import { useMemo } from "react";
import { Plot } from "@/components/charts/plot";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import type { OverviewData } from "@/lib/data/overview";
import { themeTokens } from "@/lib/theme";
import { NO_DATA, chartLayout as base } from "@/components/charts/chart-layout";
import {
  categoryBars,
  channelDonut,
  revenueLines,
  topProductsBars,
} from "@/components/charts/revenue-figures";
import { storeMapData, storeMapLayout } from "@/components/charts/store-map";

const granularityLabel = { day: "Daily", week: "Weekly", month: "Monthly" } as const;

export function OverviewCharts({ data }: { data: OverviewData }) {
  const mode = useThemeMode();
  const empty = !data.hasData;
  const tokens = themeTokens(mode);
  const key = `${data.key}|${mode}`;

  const figures = useMemo(() => {
    const ts = data.timeseries;
    const timeseries = revenueLines(ts.x, ts.series, tokens);
    const category = categoryBars(data.categories, tokens);
    const product = topProductsBars(data.products, tokens);
    // The margins fit the labels in the order the bars are drawn.
    const categoryNames = (category[0] as { x: string[] }).x;
    const productNames = (product[0] as { y: string[] }).y;
    const channel = channelDonut(data.channels, tokens);

    const map = storeMapData(data.stores, tokens);
    return { timeseries, category, product, channel, map, categoryNames, productNames };
  }, [data, tokens]);

  const layouts = useMemo(
    () => ({
      timeseries: base(
        mode,
        { yaxis: { tickprefix: "$", tickformat: "~s" }, hovermode: "x unified" },
        empty,
        {
          left: "money",
          bottom: "dates",
          legend: true,
        },
      ),
      category: base(mode, { yaxis: { tickprefix: "$", tickformat: "~s" }, bargap: 0.35 }, empty, {
        left: "money",
        bottom: figures.categoryNames,
      }),
      product: base(mode, { xaxis: { tickprefix: "$", tickformat: "~s" }, bargap: 0.3 }, empty, {
        left: figures.productNames,
        bottom: "money",
      }),
      channel: base(mode, { showlegend: false, margin: { l: 8, r: 8, t: 8, b: 8 } }, empty),
      map: storeMapLayout(mode, empty),
    }),
    [mode, empty, figures],
  );

  const summary = (what: string) => `${what}${empty ? `: ${NO_DATA.toLowerCase()}` : ""}`;

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card
        title={`${granularityLabel[data.timeseries.granularity]} revenue by region`}
        className="lg:col-span-3"
      >
        {data.timeseries.granularity !== data.filters.granularity && (
          <p className="mb-2 text-xs text-muted" data-testid="granularity-note">
            Showing weekly points: daily points over more than 400 days would be unreadable.
          </p>
        )}
        <Plot
          testId="chart-timeseries"
          label={summary("Revenue over time, one line per region")}
          dataKey={key}
          data={figures.timeseries}
          layout={layouts.timeseries}
          className="h-80"
        />
      </Card>
      <Card title="Revenue by category">
        <Plot
          testId="chart-category"
          label={summary("Revenue by product category, bar chart")}
          dataKey={key}
          data={figures.category}
          layout={layouts.category}
        />
      </Card>
      <Card title="Top 10 products by revenue">
        <Plot
          testId="chart-products"
          label={summary("Top 10 products by revenue, horizontal bars")}
          dataKey={key}
          data={figures.product}
          layout={layouts.product}
        />
      </Card>
      <Card title="Revenue share by channel">
        <Plot
          testId="chart-channel"
          label={summary("Revenue share by sales channel, donut chart")}
          dataKey={key}
          data={figures.channel}
          layout={layouts.channel}
        />
      </Card>
      <Card title="Stores by revenue" className="lg:col-span-3">
        <Plot
          testId="chart-map"
          label={summary("Map of stores in the USA, marker size by revenue")}
          dataKey={key}
          data={figures.map}
          layout={layouts.map}
          className="h-96"
        />
      </Card>
      {empty && (
        <p className="lg:col-span-3 text-sm text-muted" data-testid="no-data">
          {NO_DATA}: no orders match these filters between {data.filters.from} and {data.filters.to}.
        </p>
      )}
    </div>
  );
}
