import type { Data, Frame, Layout } from "plotly.js";
import { chartLayout } from "@/components/charts/chart-layout";
import type { ExplorerFigure, FigureTrace } from "@/lib/datasets/explorer/figure";
import { themeTokens, type ThemeMode } from "@/lib/theme";

// The server sends unstyled traces; the theme, the animation controls and the title are added
// here. Traces and layout are built separately so a new title reuses the same trace objects and
// Plotly only relayouts.

function styled(trace: FigureTrace, index: number, mode: ThemeMode, figure: ExplorerFigure): Data {
  const tokens = themeTokens(mode);
  const colour = tokens.palette[index % tokens.palette.length];
  switch (trace.type) {
    case "scatter":
      return trace.mode === "lines"
        ? ({ ...trace, line: { width: 2, color: colour } } as Data)
        : ({ ...trace, marker: { size: 6, opacity: 0.7, color: colour } } as Data);
    case "bar":
      return { ...trace, marker: { color: colour }, opacity: figure.barmode === "overlay" ? 0.6 : 1 } as Data;
    case "box":
      return { ...trace, marker: { color: colour }, boxmean: true, hoverinfo: "all" } as Data;
    case "heatmap":
      return { ...trace, colorscale: "Viridis", hoverongaps: false } as Data;
  }
}

export function plotData(figure: ExplorerFigure, mode: ThemeMode): Data[] {
  return figure.traces.map((trace, i) => styled(trace, i, mode, figure));
}

export function plotFrames(figure: ExplorerFigure, mode: ThemeMode): Frame[] | undefined {
  return figure.frames?.map(
    (frame) => ({ name: frame.name, data: frame.traces.map((t, i) => styled(t, i, mode, figure)) }) as Frame,
  );
}

/** Fixed numeric axis ranges over every frame, so axes stay put while the animation plays. */
function frameRange(figure: ExplorerFigure, axis: "x" | "y"): [number, number] | undefined {
  if (!figure.frames || figure.axes[axis].type !== "linear") return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const frame of figure.frames)
    for (const trace of frame.traces)
      for (const value of trace[axis] ?? [])
        if (typeof value === "number") {
          lo = Math.min(lo, value);
          hi = Math.max(hi, value);
        }
  if (!Number.isFinite(lo)) return undefined;
  const pad = (hi - lo) * 0.05 || 1;
  return [figure.chart === "bar" ? Math.min(0, lo) : lo - pad, hi + pad];
}

export function plotLayout(figure: ExplorerFigure, mode: ThemeMode, title: string): Partial<Layout> {
  const empty = figure.traces.length === 0;
  const layout = chartLayout(
    mode,
    {
      margin: { l: 8, r: 8, t: title ? 40 : 8, b: figure.frames ? 90 : 8 },
      title: title ? { text: title, font: { size: 16 }, x: 0, xanchor: "left" } : undefined,
      barmode: figure.barmode,
      showlegend: figure.traces.length > 1,
      xaxis: {
        title: { text: figure.axes.x.title },
        type: figure.axes.x.type,
        range: frameRange(figure, "x"),
      },
      yaxis: {
        title: { text: figure.axes.y.title },
        type: figure.axes.y.type,
        range: frameRange(figure, "y"),
      },
    },
    empty,
  );
  if (empty) layout.annotations = layout.annotations?.map((a) => ({ ...a, text: "No rows match" }));
  if (!figure.frames?.length) return layout;
  const names = figure.frames.map((f) => f.name);
  // Scatter points glide between frames; bars are redrawn each frame.
  const redraw = figure.chart === "bar";
  return {
    ...layout,
    updatemenus: [
      {
        type: "buttons",
        showactive: false,
        x: 0,
        y: -0.12,
        xanchor: "left",
        yanchor: "top",
        direction: "left",
        pad: { t: 30, r: 10 },
        buttons: [
          {
            label: "Play",
            method: "animate",
            args: [
              null,
              {
                frame: { duration: 700, redraw },
                transition: { duration: 500, easing: "cubic-in-out" },
                fromcurrent: true,
              },
            ],
          },
          {
            label: "Pause",
            method: "animate",
            args: [
              [null],
              { mode: "immediate", frame: { duration: 0, redraw }, transition: { duration: 0 } },
            ],
          },
        ],
      },
    ] as Layout["updatemenus"],
    sliders: [
      {
        active: 0,
        x: 0.12,
        len: 0.88,
        y: -0.12,
        yanchor: "top",
        pad: { t: 30 },
        currentvalue: { prefix: `${figure.frameLabel ?? "Frame"}: `, visible: true },
        steps: names.map((name) => ({
          label: name,
          method: "animate",
          args: [
            [name],
            { mode: "immediate", frame: { duration: 300, redraw }, transition: { duration: 300 } },
          ],
        })),
      },
    ] as Layout["sliders"],
  };
}
