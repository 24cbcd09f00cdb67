"use client";

import { useEffect, useRef, useState } from "react";
import type { Config, Data, Layout } from "plotly.js";
import { loadPlotly } from "./plot";

type Plotly = Awaited<ReturnType<typeof loadPlotly>>;

/** Appends to a live chart; each call is one Plotly.extendTraces, never a full redraw. */
export interface LivePlotHandle {
  /** Appends `x` to every trace and `ys[i]` to trace i, keeping the last `maxPoints` points. */
  extend(x: number[], ys: number[][]): void;
  /** Empties every trace (after a gap longer than the window). */
  clear(): void;
}

export interface LivePlotProps {
  testId: string;
  label: string;
  /** The traces, with empty x and y: points arrive through the handle. */
  traces: Data[];
  layout: Partial<Layout>;
  maxPoints: number;
  onReady: (handle: LivePlotHandle) => void;
  className?: string;
}

const CONFIG: Partial<Config> = { displaylogo: false, responsive: true, displayModeBar: false };

/**
 * A chart fed point by point. The Plot wrapper re-renders its whole figure from props, which for a
 * chart updated every second would redraw every point each time; this one is drawn once with
 * Plotly.newPlot and then only extended (Plotly.extendTraces with maxPoints keeps the window
 * bounded). Layout changes (theme) go through Plotly.relayout.
 */
export function LivePlot({ testId, label, traces, layout, maxPoints, onReady, className }: LivePlotProps) {
  const graph = useRef<HTMLDivElement>(null);
  const plotly = useRef<Plotly | null>(null);
  const [failed, setFailed] = useState(false);
  const [drawn, setDrawn] = useState(false);
  // The first render's traces and callbacks: the chart is created once and fed through the handle.
  const initial = useRef({ traces, layout, maxPoints, onReady });

  useEffect(() => {
    let active = true;
    const div = graph.current;
    loadPlotly()
      .then(async (loaded) => {
        if (!active || !div) return;
        const { traces: data, layout: first, maxPoints: max, onReady: ready } = initial.current;
        await loaded.newPlot(div, data, first, CONFIG);
        plotly.current = loaded;
        setDrawn(true);
        const indices = data.map((_, i) => i);
        ready({
          extend(x, ys) {
            if (x.length === 0) return;
            void loaded.extendTraces(div, { x: indices.map(() => x), y: ys }, indices, max);
          },
          clear() {
            void loaded.restyle(
              div,
              { x: indices.map(() => []), y: indices.map(() => []) } as never,
              indices,
            );
          },
        });
      })
      .catch(() => active && setFailed(true));
    return () => {
      active = false;
      if (div && plotly.current) plotly.current.purge(div);
    };
  }, []);

  useEffect(() => {
    if (drawn && graph.current && plotly.current) void plotly.current.relayout(graph.current, layout);
  }, [layout, drawn]);

  return (
    <div
      data-testid={testId}
      data-drawn={drawn ? "true" : "false"}
      role="img"
      aria-label={label}
      className={`relative w-full ${className ?? "h-72"}`}
    >
      <div ref={graph} className="h-full w-full" />
      {!drawn && !failed && (
        <div className="absolute inset-0 animate-pulse rounded-md bg-surface-muted" aria-hidden="true" />
      )}
      {failed && (
        <p role="alert" className="absolute inset-0 grid place-items-center text-sm text-negative">
          This chart could not be drawn. Reload the page to try again.
        </p>
      )}
    </div>
  );
}
