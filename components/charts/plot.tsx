"use client";

import { useEffect, useRef, useState, type ComponentType } from "react";
// The wrapper is a few kB: bundled with this module rather than a lazy chunk that was requested
// only after hydration, one more round trip before the first chart.
import createPlotlyComponent, { type PlotParams } from "react-plotly.js/factory";
import type * as PlotlyTypes from "plotly.js";
import type { Config, Data, Frame, Layout, PlotMouseEvent } from "plotly.js";
import { useChartAnimation } from "@/components/theme/use-chart-animation";
import { CHART_FADE } from "@/lib/theme";
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

let plotlyLoading: Promise<typeof PlotlyTypes> | null = null;

/** plotly.js itself, for charts that drive Plotly directly (components/charts/live-plot.tsx). */
export function loadPlotly(): Promise<typeof PlotlyTypes> {
  plotlyLoading ??= loadPlotlyScript();
  plotlyLoading.catch(() => {
    plotlyLoading = null;
  });
  return plotlyLoading;
}

/** Loads plotly.js (preloaded in <head> by pages with charts) and the React wrapper, once per page. */
export function loadPlotComponent(): Promise<PlotComponent> {
  loading ??= loadPlotly().then((plotly) => createPlotlyComponent(plotly));
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

/**
 * Resolves once `element` is within about a screen of the viewport. Charts further down (most of
 * them on a phone) cost neither plotly.js's evaluation (~130 ms, more on a slow CPU) nor their
 * draw until the reader scrolls towards them; on a desktop screen every Overview chart qualifies
 * at once. The bundle itself is already downloading (PlotlyPreload), so nothing waits on the
 * network.
 */
function nearViewport(element: Element): { ready: Promise<void>; cancel: () => void } {
  if (typeof IntersectionObserver === "undefined") return { ready: Promise.resolve(), cancel: () => {} };
  let observer: IntersectionObserver | null = null;
  const ready = new Promise<void>((resolve) => {
    observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer?.disconnect();
          resolve();
        }
      },
      { rootMargin: "100% 0px" },
    );
    observer.observe(element);
  });
  return { ready, cancel: () => observer?.disconnect() };
}

function fadeIn(element: HTMLElement | null): void {
  if (!element || matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  element.animate([{ opacity: CHART_FADE.from }, { opacity: 1 }], {
    duration: CHART_FADE.durationMs,
    easing: CHART_FADE.easing,
  });
}

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
  onClick?: (event: PlotMouseEvent) => void;
}

export function Plot({
  testId,
  label,
  dataKey,
  data,
  layout,
  frames,
  config,
  className,
  onClick,
}: PlotProps) {
  const [Component, setComponent] = useState<PlotComponent | null>(null);
  const [drawnKey, setDrawnKey] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  // The user's "chart animation off" preference: no fade at all.
  const animate = useChartAnimation();
  // Data this chart has drawn before (back to an earlier filter state, or a theme switched back)
  // is restored without the fade: the fade marks a change, and a restored view is not one. Decided
  // once per key (React's "state from previous renders" pattern).
  const [drawnKeys, setDrawnKeys] = useState<ReadonlySet<string>>(() => new Set());
  const [shown, setShown] = useState({ key: dataKey, restoring: false });
  if (shown.key !== dataKey) setShown({ key: dataKey, restoring: drawnKeys.has(dataKey) });
  const restoring = shown.key === dataKey ? shown.restoring : drawnKeys.has(dataKey);

  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let active = true;
    const visible = nearViewport(container.current!);
    visible.ready
      .then(() => loadPlotComponent())
      .then(async (component) => {
        await nextMountSlot();
        if (active) setComponent(() => component);
      })
      .catch(() => active && setFailed(true));
    return () => {
      active = false;
      visible.cancel();
    };
  }, []);

  const markDrawn = () => {
    const first = drawnKey === null;
    if (!first && drawnKey !== dataKey && animate && !restoring) fadeIn(container.current);
    setDrawnKeys((keys) => (keys.has(dataKey) ? keys : new Set(keys).add(dataKey)));
    setDrawnKey(dataKey);
  };

  return (
    <div
      ref={container}
      data-testid={testId}
      data-drawn-key={drawnKey ?? ""}
      data-animated={animate}
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
          onClick={onClick}
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
