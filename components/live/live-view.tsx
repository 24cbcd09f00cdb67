"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { Data, Layout } from "plotly.js";
import { chartLayout } from "@/components/charts/chart-layout";
import { LivePlot, type LivePlotHandle } from "@/components/charts/live-plot";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import { formatCurrency, formatInteger } from "@/lib/format";
import { WINDOW_SECONDS, type HealthSnapshot, type LivePoint } from "@/lib/live/protocol";
import { themeTokens } from "@/lib/theme";
import { HealthPanel } from "./health-panel";
import { useLiveStream, type LiveStatus } from "./use-live-stream";

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  paused: "Paused while the tab is hidden",
  reconnecting: "Reconnecting…",
};

export function LiveView({ isAdmin }: { isAdmin: boolean }) {
  const mode = useThemeMode();
  const tokens = themeTokens(mode);
  const chart = useRef<LivePlotHandle | null>(null);
  const early = useRef<LivePoint[]>([]);
  const [latest, setLatest] = useState<LivePoint | null>(null);
  const [health, setHealth] = useState<HealthSnapshot | null>(null);

  const append = useCallback((points: LivePoint[]) => {
    chart.current?.extend(
      points.map((p) => p.id * 1000),
      [points.map((p) => p.revenuePerMinute), points.map((p) => p.orders)],
    );
  }, []);

  const { status, lastId } = useLiveStream({
    onPoints: (points, reset) => {
      if (!chart.current) {
        // Points that arrive before plotly.js has loaded are appended once the chart is drawn.
        early.current.push(...points);
      } else {
        if (reset) chart.current.clear();
        append(points);
      }
      setLatest(points[points.length - 1]!);
    },
    onHealth: isAdmin ? setHealth : undefined,
  });

  const onReady = useCallback(
    (handle: LivePlotHandle) => {
      chart.current = handle;
      append(early.current.splice(0).slice(-WINDOW_SECONDS));
    },
    [append],
  );

  // Only the first traces are used (LivePlot draws once); colours follow the theme via the layout.
  const traces = useMemo<Data[]>(
    () => [
      {
        type: "scatter",
        mode: "lines",
        name: "Revenue per minute",
        x: [],
        y: [],
        line: { width: 2, color: tokens.palette[0] },
        hovertemplate: "%{x|%H:%M:%S} revenue/min %{y:$,.0f}<extra></extra>",
      },
      {
        type: "bar",
        name: "Orders per second",
        x: [],
        y: [],
        yaxis: "y2",
        marker: { color: tokens.palette[3] },
        opacity: 0.45,
        hovertemplate: "%{x|%H:%M:%S} %{y} orders<extra></extra>",
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- drawn once; see above
    [],
  );
  const layout = useMemo<Partial<Layout>>(
    () =>
      chartLayout(
        mode,
        {
          yaxis: { tickprefix: "$", tickformat: "~s", rangemode: "tozero", title: { text: "" } },
          yaxis2: {
            overlaying: "y",
            side: "right",
            rangemode: "tozero",
            showgrid: false,
            tickfont: { color: tokens.textMuted, size: 11 },
          },
          xaxis: { type: "date", tickformat: "%H:%M:%S" },
          margin: { l: 56, r: 36, t: 8, b: 64 },
          legend: { orientation: "h", x: 0, y: 0, yanchor: "bottom", yref: "container" },
          bargap: 0.1,
          transition: { duration: 0 },
        },
        false,
      ),
    [mode, tokens.textMuted],
  );

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Revenue per minute">
          <p className="text-2xl font-semibold tabular-nums" data-testid="live-revenue">
            {latest ? formatCurrency(latest.revenuePerMinute) : "…"}
          </p>
          <p className="text-xs text-muted">the last 60 seconds</p>
        </Card>
        <Card title="Orders per second">
          <p className="text-2xl font-semibold tabular-nums" data-testid="live-orders">
            {latest ? formatInteger(latest.orders) : "…"}
          </p>
          <p className="text-xs text-muted">
            {latest
              ? `at ${new Date(latest.id * 1000).toLocaleTimeString()}`
              : "waiting for the first second"}
          </p>
        </Card>
        <Card title="Stream">
          <p className="text-2xl font-semibold" role="status" data-testid="live-status" data-status={status}>
            {STATUS_TEXT[status]}
          </p>
          <p className="text-xs text-muted" data-testid="live-last-id">
            {lastId === null ? "no events yet" : `last event ${lastId}`}
          </p>
        </Card>
      </div>
      <Card title={`Live orders, last ${WINDOW_SECONDS / 60} minutes`}>
        <LivePlot
          testId="live-chart"
          label="Revenue per minute (line) and orders per second (bars) over the last five minutes, updated every second"
          traces={traces}
          layout={layout}
          maxPoints={WINDOW_SECONDS}
          onReady={onReady}
          className="h-80"
        />
      </Card>
      {isAdmin && <HealthPanel health={health} />}
    </div>
  );
}
