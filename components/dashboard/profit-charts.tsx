"use client";

import { useMemo, type ReactNode } from "react";
import type { Data } from "plotly.js";
import { chartLayout } from "@/components/charts/chart-layout";
import { Plot } from "@/components/charts/plot";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import type { ProfitData, ProfitRow } from "@/lib/data/dashboard";
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
        { left: "money", bottom: "dates", legend: true },
      ),
      byRegion: chartLayout(mode, { yaxis: { tickprefix: "$", tickformat: "~s" }, barmode: "stack" }, empty, {
        left: "money",
        bottom: data.byRegion.map((r) => r.name),
        legend: true,
      }),
    }),
    [mode, empty, data.byRegion],
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
const headLeft = "px-3 py-2 text-left font-medium text-muted";

interface Row extends ProfitRow {
  id: string | number;
  /** Leading cells: the first is the row header. */
  label: ReactNode[];
  orders?: number;
}

/** Revenue, cost, profit and margin per row; regions and stores differ only in leading columns. */
function ProfitTable(props: {
  testId: string;
  caption: string;
  columns: string[];
  rows: Row[];
  orders?: boolean;
}) {
  return (
    <table className="w-full text-sm" data-testid={props.testId}>
      <caption className="sr-only">{props.caption}</caption>
      <thead className="sticky top-0 bg-surface">
        <tr className="border-b border-border">
          {props.columns.map((column) => (
            <th key={column} scope="col" className={headLeft}>
              {column}
            </th>
          ))}
          {props.orders && (
            <th scope="col" className={head}>
              Orders
            </th>
          )}
          {["Revenue", "Cost", "Profit", "Margin"].map((column) => (
            <th key={column} scope="col" className={head}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.id} className="border-b border-border/60" data-row-id={row.id}>
            {row.label.map((content, i) =>
              i === 0 ? (
                <th key={i} scope="row" className="px-3 py-1.5 text-left font-medium">
                  {content}
                </th>
              ) : (
                <td key={i} className="px-3 py-1.5 text-left">
                  {content}
                </td>
              ),
            )}
            {props.orders && <td className={cell}>{(row.orders ?? 0).toLocaleString("en-US")}</td>}
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

function RegionTable({ data }: { data: ProfitData }) {
  return (
    <div className="mb-4">
      <ProfitTable
        testId="region-profit-table"
        caption="Revenue, cost and profit by region"
        columns={["Region"]}
        rows={data.byRegion.map((r) => ({ ...r, id: r.name, label: [r.name] }))}
      />
    </div>
  );
}

function StoreTable({ data }: { data: ProfitData }) {
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-border">
      <ProfitTable
        testId="store-profit-table"
        caption="Revenue, cost and profit by store, most profitable first"
        columns={["Store", "Region"]}
        orders
        rows={data.byStore.map((s) => ({
          ...s,
          label: [
            <>
              {s.name} <span className="font-normal text-muted">{s.city}</span>
            </>,
            s.region,
          ],
        }))}
      />
    </div>
  );
}
