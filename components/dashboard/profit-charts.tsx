"use client";

import { useMemo } from "react";
import type { Data } from "plotly.js";
import { chartLayout } from "@/components/charts/chart-layout";
import { Plot } from "@/components/charts/plot";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import type { ProfitData } from "@/lib/data/dashboard";
import { formatCurrency, formatPercent } from "@/lib/format";
import { themeTokens } from "@/lib/theme";

const granularityLabel = { day: "Daily", week: "Weekly", month: "Monthly" } as const;

export function ProfitCharts({ data, empty }: { data: ProfitData; empty: boolean }) {
  const mode = useThemeMode();
  const tokens = themeTokens(mode);
  const key = `${data.key}|${mode}`;

  const figures = useMemo(() => {
    const overTime: Data[] = [
      {
        type: "scatter",
        mode: "lines",
        name: "Profit",
        x: data.timeseries.x,
        y: data.timeseries.profit,
        fill: "tozeroy",
        line: { width: 2, color: tokens.palette[2] },
        hovertemplate: "Profit %{y:$,.0f}<extra></extra>",
      },
      {
        type: "scatter",
        mode: "lines",
        name: "Cost",
        x: data.timeseries.x,
        y: data.timeseries.cost,
        line: { width: 1.5, dash: "dot", color: tokens.palette[5] },
        hovertemplate: "Cost %{y:$,.0f}<extra></extra>",
      },
    ];
    const regions = data.byRegion.map((r) => r.name);
    const byRegion: Data[] = [
      {
        type: "bar",
        name: "Cost",
        x: regions,
        y: data.byRegion.map((r) => r.cost),
        marker: { color: tokens.palette[5] },
        hovertemplate: "%{x} cost: %{y:$,.0f}<extra></extra>",
      },
      {
        type: "bar",
        name: "Profit",
        x: regions,
        y: data.byRegion.map((r) => r.profit),
        marker: { color: tokens.palette[2] },
        hovertemplate: "%{x} profit: %{y:$,.0f}<extra></extra>",
      },
    ];
    return { overTime, byRegion };
  }, [data, tokens]);

  const layouts = useMemo(
    () => ({
      overTime: chartLayout(
        mode,
        { yaxis: { tickprefix: "$", tickformat: "~s" }, hovermode: "x unified" },
        empty,
      ),
      byRegion: chartLayout(mode, { yaxis: { tickprefix: "$", tickformat: "~s" }, barmode: "stack" }, empty),
    }),
    [mode, empty],
  );

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card
        title={`${granularityLabel[data.timeseries.granularity]} profit and cost`}
        className="lg:col-span-2"
      >
        <Plot
          testId="chart-profit"
          label="Profit and cost over time"
          dataKey={key}
          data={figures.overTime}
          layout={layouts.overTime}
        />
      </Card>
      <Card title="Cost and profit by region">
        <Plot
          testId="chart-region-profit"
          label="Cost and profit by region, stacked bars"
          dataKey={key}
          data={figures.byRegion}
          layout={layouts.byRegion}
        />
      </Card>
      <Card title="Profit by store" className="lg:col-span-3">
        <RegionTable data={data} />
        <StoreTable data={data} />
      </Card>
    </div>
  );
}

const cell = "px-3 py-1.5 text-right tabular-nums";
const head = "px-3 py-2 text-right font-medium text-muted";

function RegionTable({ data }: { data: ProfitData }) {
  return (
    <table className="mb-4 w-full text-sm" data-testid="region-profit-table">
      <caption className="sr-only">Revenue, cost and profit by region</caption>
      <thead className="border-b border-border">
        <tr>
          <th scope="col" className="px-3 py-2 text-left font-medium text-muted">
            Region
          </th>
          <th scope="col" className={head}>
            Revenue
          </th>
          <th scope="col" className={head}>
            Cost
          </th>
          <th scope="col" className={head}>
            Profit
          </th>
          <th scope="col" className={head}>
            Margin
          </th>
        </tr>
      </thead>
      <tbody>
        {data.byRegion.map((row) => (
          <tr key={row.name} className="border-b border-border/60" data-region={row.name}>
            <th scope="row" className="px-3 py-1.5 text-left font-medium">
              {row.name}
            </th>
            <td className={cell}>{formatCurrency(row.revenue)}</td>
            <td className={cell}>{formatCurrency(row.cost)}</td>
            <td className={cell}>{formatCurrency(row.profit)}</td>
            <td className={cell}>{row.margin === null ? "—" : formatPercent(row.margin)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StoreTable({ data }: { data: ProfitData }) {
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-border">
      <table className="w-full text-sm" data-testid="store-profit-table">
        <caption className="sr-only">Revenue, cost and profit by store, most profitable first</caption>
        <thead className="sticky top-0 bg-surface">
          <tr className="border-b border-border">
            <th scope="col" className="px-3 py-2 text-left font-medium text-muted">
              Store
            </th>
            <th scope="col" className="px-3 py-2 text-left font-medium text-muted">
              Region
            </th>
            <th scope="col" className={head}>
              Orders
            </th>
            <th scope="col" className={head}>
              Revenue
            </th>
            <th scope="col" className={head}>
              Cost
            </th>
            <th scope="col" className={head}>
              Profit
            </th>
            <th scope="col" className={head}>
              Margin
            </th>
          </tr>
        </thead>
        <tbody>
          {data.byStore.map((row) => (
            <tr key={row.id} className="border-b border-border/60" data-store-id={row.id}>
              <th scope="row" className="px-3 py-1.5 text-left font-medium">
                {row.name} <span className="font-normal text-muted">{row.city}</span>
              </th>
              <td className="px-3 py-1.5 text-left">{row.region}</td>
              <td className={cell}>{row.orders.toLocaleString("en-US")}</td>
              <td className={cell}>{formatCurrency(row.revenue)}</td>
              <td className={cell}>{formatCurrency(row.cost)}</td>
              <td className={cell}>{formatCurrency(row.profit)}</td>
              <td className={cell}>{row.margin === null ? "—" : formatPercent(row.margin)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
