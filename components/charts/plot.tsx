"use client";

import { useEffect, useState, type ComponentType } from "react";
// The wrapper is a few kB: bundled with this module rather than a lazy chunk that was requested
// only after hydration, one more round trip before the first chart.
import createPlotlyComponent, { type PlotParams } from "react-plotly.js/factory";
import type * as PlotlyTypes from "plotly.js";
import type { Config, Data, Frame, Layout } from "plotly.js";
import { PLOTLY_SRC } from "./plotly-preload";

type PlotComponent = ComponentType<PlotParams>;

let loading: Promise<PlotComponent> | null = null;

function loadPlotlyScript(): Promise<typeof PlotlyTypes> {
  return new Promise((resolve, reject) => {
    const existing = (window as { Plotly?: typeof PlotlyTypes }).Plotly;
    if (existing) return resolve(existing);
    const script = document.createElement("script");
    script.src = PLOTLY_SRC;
    script.async = true;
    script.onload = () => {
      const plotly = (window as { Plotly?: typeof PlotlyTypes }).Plotly;
      if (plotly) resolve(plotly);
      else reject(new Error("plotly.js did not load"));
    };
    script.onerror = () => reject(new Error("plotly.js could not be fetched"));
    document.head.appendChild(script);
  });
}

/** Loads plotly.js (preloaded in <head> by pages with charts) and the React wrapper, once per page. */
export function loadPlotComponent(): Promise<PlotComponent> {
  loading ??= loadPlotlyScript().then((plotly) => createPlotlyComponent(plotly));
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/**
 * Charts mount one per task: plotly.js draws synchronously, and five charts in one React commit
 * made a single ~400 ms long task that blocked input; one chart per task keeps each short.
 */
let mountQueue: Promise<void> = Promise.resolve();
function nextMountSlot(): Promise<void> {
  mountQueue = mountQueue.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  return mountQueue;
}

// Start fetching the bundle as soon as this client module runs (after the server-rendered page has
// painted), in parallel with hydration, instead of waiting for the first chart to mount.
if (typeof window !== "undefined") setTimeout(() => void loadPlotComponent().catch(() => undefined), 0);

const BASE_CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: true,
  // Map outlines come from our own public/topojson, never from a CDN.
  topojsonURL: "/topojson/",
  modeBarButtonsToRemove: ["select2d", "lasso2d"],
};

export interface PlotProps {
  testId: string;
  /** What the chart shows, for screen readers (the drawing itself is not accessible). */
  label: string;
  /** Identifies the data drawn; exposed as data-drawn-key once Plotly has drawn it. */
  dataKey: string;
  data: Data[];
  layout: Partial<Layout>;
  /** Animation frames (the Explorer's play button and slider). */
  frames?: Frame[];
  config?: Partial<Config>;
  className?: string;
}

export function Plot({ testId, label, dataKey, data, layout, frames, config, className }: PlotProps) {
  const [Component, setComponent] = useState<PlotComponent | null>(null);
  const [drawnKey, setDrawnKey] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let active = true;
    loadPlotComponent()
      .then(async (component) => {
        await nextMountSlot();
        if (active) setComponent(() => component);
      })
      .catch(() => active && setFailed(true));
    return () => {
      active = false;
    };
  }, []);

  const markDrawn = () => setDrawnKey(dataKey);

  return (
    <div
      data-testid={testId}
      data-drawn-key={drawnKey ?? ""}
      role="img"
      aria-label={label}
      className={`relative w-full ${className ?? "h-72"}`}
    >
      {Component ? (
        <Component
          data={data}
          layout={layout}
          frames={frames}
          config={{ ...BASE_CONFIG, ...config }}
          useResizeHandler
          style={{ width: "100%", height: "100%" }}
          onInitialized={markDrawn}
          onUpdate={markDrawn}
          onError={() => setFailed(true)}
        />
      ) : (
        <div className="h-full w-full animate-pulse rounded-md bg-surface-muted" aria-hidden="true" />
      )}
      {failed && (
        <p role="alert" className="absolute inset-0 grid place-items-center text-sm text-negative">
          This chart could not be drawn. Reload the page to try again.
        </p>
      )}
    </div>
  );
}
