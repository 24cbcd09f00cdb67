"use client";

import { useEffect, useRef, type RefObject } from "react";

type Handler = (event: unknown) => void;
interface PlotlyElement extends HTMLElement {
  on?: (name: string, handler: Handler) => void;
  removeListener?: (name: string, handler: Handler) => void;
}

/**
 * Listens to Plotly events (plotly_click, plotly_relayout, ...) of the chart drawn inside `root`.
 * Plotly puts its event emitter on the graph div it draws into; the shared Plot wrapper marks each
 * drawing with data-drawn-key, so the listeners are attached when that attribute first appears,
 * without the wrapper having to know about every event a page needs.
 */
export function usePlotEvents(root: RefObject<HTMLElement | null>, handlers: Record<string, Handler>) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const names = Object.keys(handlers).sort().join(",");
  useEffect(() => {
    const container = root.current;
    if (!container) return;
    const listeners = names
      .split(",")
      .filter(Boolean)
      .map((name) => [name, (event: unknown) => latest.current[name]?.(event)] as const);
    let attached: PlotlyElement | null = null;
    const attach = () => {
      const graph = container.querySelector<PlotlyElement>(".js-plotly-plot");
      if (!graph || graph === attached || typeof graph.on !== "function") return;
      attached = graph;
      for (const [name, listener] of listeners) graph.on(name, listener);
    };
    attach();
    const observer = new MutationObserver(attach);
    observer.observe(container, { subtree: true, attributes: true, attributeFilter: ["data-drawn-key"] });
    return () => {
      observer.disconnect();
      if (attached?.removeListener)
        for (const [name, listener] of listeners) attached.removeListener(name, listener);
    };
  }, [root, names]);
}
