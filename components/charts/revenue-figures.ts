import type { Data } from "plotly.js";
import type { themeTokens } from "@/lib/theme";

// Figures shared by the Overview and the Stores page's panel, so both draw products and channels
// the same way.

type Tokens = ReturnType<typeof themeTokens>;

/** Top products as horizontal bars, largest at the top (Plotly draws the first bar at the bottom). */
export function topProductsBars(
  products: readonly { name: string; category: string; revenue: number }[],
  tokens: Tokens,
): Data[] {
  const bottomUp = [...products].reverse();
  return [
    {
      type: "bar",
      orientation: "h",
      y: bottomUp.map((p) => p.name),
      x: bottomUp.map((p) => p.revenue),
      customdata: bottomUp.map((p) => p.category),
      marker: { color: tokens.palette[2] },
      hovertemplate: "%{y} (%{customdata}): %{x:$,.0f}<extra></extra>",
    },
  ];
}

/** Revenue share by channel as a donut. */
export function channelDonut(channels: readonly { name: string; revenue: number }[], tokens: Tokens): Data[] {
  return [
    {
      type: "pie",
      hole: 0.55,
      labels: channels.map((c) => c.name),
      values: channels.map((c) => c.revenue),
      marker: {
        colors: channels.map((_, i) => tokens.palette[(i + 4) % tokens.palette.length] ?? tokens.accent),
        line: { color: tokens.surface, width: 2 },
      },
      textinfo: "label+percent",
      hovertemplate: "%{label}: %{value:$,.0f} (%{percent})<extra></extra>",
      sort: false,
    },
  ];
}
