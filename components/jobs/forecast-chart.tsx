"use client";

import { useMemo, useState } from "react";
import type { Data } from "plotly.js";
import { chartLayout } from "@/components/charts/chart-layout";
import { Plot } from "@/components/charts/plot";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Segmented } from "@/components/ui/segmented";
import { formatCurrency } from "@/lib/format";
import type { ForecastResult } from "@/lib/jobs/workers/forecast.mjs";
import { themeTokens } from "@/lib/theme";

/** Last ~180 days of daily revenue, then the 90-day forecast and its 95% band, one region at a time. */
export function ForecastChart({ jobId, result }: { jobId: number; result: ForecastResult }) {
  const mode = useThemeMode();
  const tokens = themeTokens(mode);
  const [region, setRegion] = useState(result.regions[0]?.region ?? "");
  const shown = result.regions.find((r) => r.region === region) ?? result.regions[0];

  const data = useMemo<Data[]>(() => {
    if (!shown) return [];
    const color = tokens.palette[0];
    return [
      {
        type: "scatter",
        mode: "lines",
        name: "History",
        x: shown.history.x,
        y: shown.history.y,
        line: { width: 1.5, color },
        hovertemplate: "%{x}: %{y:$,.0f}<extra></extra>",
      },
      {
        type: "scatter",
        mode: "lines",
        name: "95% band",
        x: shown.forecast.x,
        y: shown.forecast.upper,
        line: { width: 0 },
        showlegend: false,
        hoverinfo: "skip",
      },
      {
        type: "scatter",
        mode: "lines",
        name: "95% band",
        x: shown.forecast.x,
        y: shown.forecast.lower,
        line: { width: 0 },
        fill: "tonexty",
        fillcolor: "rgba(120, 120, 200, 0.22)",
        hoverinfo: "skip",
      },
      {
        type: "scatter",
        mode: "lines",
        name: "Forecast",
        x: shown.forecast.x,
        y: shown.forecast.y,
        line: { width: 2, dash: "dash", color: tokens.palette[1] },
        hovertemplate: "%{x}: %{y:$,.0f} forecast<extra></extra>",
      },
    ];
  }, [shown, tokens]);

  const layout = useMemo(
    () =>
      chartLayout(mode, { yaxis: { tickprefix: "$", tickformat: "~s" }, hovermode: "x unified" }, !shown, {
        left: "money",
        bottom: "dates",
        legend: true,
      }),
    [mode, shown],
  );

  if (!shown) return <p className="text-sm text-muted">No region had data to forecast.</p>;
  const total = shown.forecast.y.reduce((sum, value) => sum + value, 0);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Segmented
          label="Region"
          options={result.regions.map((r) => ({ value: r.region, label: r.region }))}
          value={shown.region}
          onChange={setRegion}
        />
        <p className="text-sm text-muted" data-testid="forecast-total">
          Next {result.horizon} days in {shown.region}: {formatCurrency(total)} (α {shown.alpha}, β{" "}
          {shown.beta}, γ {shown.gamma})
        </p>
      </div>
      <Plot
        testId={`forecast-chart-${jobId}`}
        label={`Daily revenue in ${shown.region}: the last ${shown.history.x.length} days and a ${result.horizon}-day forecast with a 95% band`}
        dataKey={`${jobId}|${shown.region}|${mode}`}
        data={data}
        layout={layout}
      />
    </div>
  );
}
