import type { Layout } from "plotly.js";
import { plotlyLayout, themeTokens, type ThemeMode } from "@/lib/theme";

export const NO_DATA = "No data in this period";

/** The theme's Plotly layout with per-chart overrides, and a centred note when there is no data. */
export function chartLayout(mode: ThemeMode, overrides: Partial<Layout>, empty: boolean): Partial<Layout> {
  const layout = plotlyLayout(mode) as Partial<Layout>;
  return {
    ...layout,
    ...overrides,
    xaxis: { ...layout.xaxis, ...overrides.xaxis },
    yaxis: { ...layout.yaxis, ...overrides.yaxis },
    annotations: empty
      ? [
          {
            text: NO_DATA,
            showarrow: false,
            xref: "paper",
            yref: "paper",
            x: 0.5,
            y: 0.5,
            font: { size: 14, color: themeTokens(mode).textMuted },
          },
        ]
      : [],
  };
}
