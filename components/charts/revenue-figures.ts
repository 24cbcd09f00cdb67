import type { Data } from "plotly.js";
import type { themeTokens } from "@/lib/theme";

// Revenue figures shared by the Overview, the Stores panel and the Details page, so every page
// draws categories, products, channels and trends the same way.

type Tokens = ReturnType<typeof themeTokens>;

/**
 * For charts that filter on click: the selected bar keeps its colour and the others are greyed;
 * `hint` is added to the hover text.
 */
export interface Selection<T> {
  selected: T | null;
  hint: string;
}

const hover = (text: string, selection?: Selection<unknown>) =>
  `${text}${selection ? `<br>${selection.hint}` : ""}<extra></extra>`;

function barColours<T>(keys: readonly T[], colour: string, tokens: Tokens, selection?: Selection<T>) {
  if (!selection || selection.selected === null) return colour;
  return keys.map((key) => (key === selection.selected ? colour : tokens.border));
}

/** Revenue by category as bars, largest first. */
export function categoryBars(
  categories: readonly { name: string; revenue: number }[],
  tokens: Tokens,
  selection?: Selection<string>,
): Data[] {
  const sorted = [...categories].sort((a, b) => b.revenue - a.revenue);
  const names = sorted.map((c) => c.name);
  return [
    {
      type: "bar",
      x: names,
      y: sorted.map((c) => c.revenue),
      marker: { color: barColours(names, tokens.palette[0]!, tokens, selection) },
      hovertemplate: hover("%{x}: %{y:$,.0f}", selection),
    },
  ];
}

/**
 * Top products as horizontal bars, largest at the top (Plotly draws the first bar at the bottom).
 * Each bar carries [id, category]: the category for the hover text, the id for click handlers.
 */
export function topProductsBars(
  products: readonly { id: number; name: string; category: string; revenue: number }[],
  tokens: Tokens,
  selection?: Selection<number>,
): Data[] {
  const bottomUp = [...products].reverse();
  return [
    {
      type: "bar",
      orientation: "h",
      y: bottomUp.map((p) => p.name),
      x: bottomUp.map((p) => p.revenue),
      customdata: bottomUp.map((p) => [p.id, p.category]),
      marker: {
        color: barColours(
          bottomUp.map((p) => p.id),
          tokens.palette[2]!,
          tokens,
          selection,
        ),
      },
      hovertemplate: hover("%{y} (%{customdata[1]}): %{x:$,.0f}", selection),
    },
  ];
}

/** Revenue over time, one line per series, coloured in palette order from `firstColour`. */
export function revenueLines(
  x: readonly string[],
  series: readonly { name: string; y: readonly number[] }[],
  tokens: Tokens,
  firstColour = 0,
): Data[] {
  return series.map((line, i) => ({
    type: "scatter",
    mode: "lines",
    name: line.name,
    x: [...x],
    y: [...line.y],
    line: { width: 2, color: tokens.palette[(firstColour + i) % tokens.palette.length] },
    hovertemplate: `${line.name}: %{y:$,.0f}<extra></extra>`,
  }));
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
