// The single source of Chartroom's look: CSS custom properties for the page and the Plotly layout
// template are both generated from these tokens, so a chart can never drift from the page around it.

export type ThemeMode = "light" | "dark";
export type ThemePreference = ThemeMode | "system";

/** Okabe-Ito: distinguishable with every common form of colour blindness. */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#7F7F7F",
] as const;

/** Lighter variants of the same hues for dark backgrounds (contrast >= 4.5:1 on the dark surface). */
const PALETTE_DARK = [
  "#4DA3E0",
  "#F5B94A",
  "#2FC19A",
  "#E39BC6",
  "#7CCBF2",
  "#FF8A4C",
  "#F6EB7A",
  "#B0B0B0",
] as const;

export const FONT_FAMILY =
  '"Inter Variable", Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

interface Tokens {
  background: string;
  surface: string;
  surfaceMuted: string;
  border: string;
  text: string;
  textMuted: string;
  accent: string;
  accentText: string;
  grid: string;
  positive: string;
  negative: string;
  warningBg: string;
  warningText: string;
  land: string;
  palette: readonly string[];
}

export const TOKENS: Record<ThemeMode, Tokens> = {
  light: {
    background: "#f6f7f9",
    surface: "#ffffff",
    surfaceMuted: "#eef1f5",
    border: "#dde2ea",
    text: "#111827",
    textMuted: "#4b5563",
    accent: "#0b62a4",
    accentText: "#ffffff",
    grid: "#e5e9f0",
    positive: "#05734f",
    negative: "#b42318",
    warningBg: "#fff7e6",
    warningText: "#7a4b00",
    land: "#eef1f5",
    palette: PALETTE,
  },
  dark: {
    background: "#0d1117",
    surface: "#161b22",
    surfaceMuted: "#1f2630",
    border: "#2d3541",
    text: "#e6edf3",
    textMuted: "#9aa6b2",
    accent: "#4da3e0",
    accentText: "#0d1117",
    grid: "#2a323d",
    positive: "#3fcf8e",
    negative: "#ff7b72",
    warningBg: "#3a2a0a",
    warningText: "#f5c26b",
    land: "#1f2630",
    palette: PALETTE_DARK,
  },
};

const CSS_NAMES: Record<Exclude<keyof Tokens, "palette">, string> = {
  background: "--cr-background",
  surface: "--cr-surface",
  surfaceMuted: "--cr-surface-muted",
  border: "--cr-border",
  text: "--cr-text",
  textMuted: "--cr-text-muted",
  accent: "--cr-accent",
  accentText: "--cr-accent-text",
  grid: "--cr-grid",
  positive: "--cr-positive",
  negative: "--cr-negative",
  warningBg: "--cr-warning-bg",
  warningText: "--cr-warning-text",
  land: "--cr-land",
};

function declarations(mode: ThemeMode): string {
  const tokens = TOKENS[mode];
  const entries = Object.entries(CSS_NAMES).map(
    ([key, name]) => `${name}:${tokens[key as keyof typeof CSS_NAMES]}`,
  );
  tokens.palette.forEach((colour, i) => entries.push(`--cr-series-${i + 1}:${colour}`));
  entries.push(`--cr-font:${FONT_FAMILY}`, `color-scheme:${mode}`);
  return entries.join(";");
}

/** The stylesheet of theme variables: light by default, dark when chosen or when the OS prefers it. */
export function themeCss(): string {
  return [
    `:root{${declarations("light")}}`,
    `:root[data-theme="dark"]{${declarations("dark")}}`,
    `@media (prefers-color-scheme: dark){:root:not([data-theme="light"]){${declarations("dark")}}}`,
  ].join("\n");
}

/** Plotly layout defaults for a theme: fonts, colours, gridlines, margins and transitions. */
export function plotlyLayout(mode: ThemeMode) {
  const t = TOKENS[mode];
  const axis = {
    gridcolor: t.grid,
    linecolor: t.border,
    zerolinecolor: t.border,
    tickfont: { color: t.textMuted, size: 11 },
    title: { font: { color: t.textMuted, size: 12 } },
    automargin: true,
  };
  return {
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: FONT_FAMILY, color: t.text, size: 12 },
    colorway: [...t.palette],
    margin: { l: 8, r: 8, t: 8, b: 8 },
    xaxis: axis,
    yaxis: axis,
    hoverlabel: { bgcolor: t.surface, bordercolor: t.border, font: { family: FONT_FAMILY, color: t.text } },
    legend: { font: { color: t.textMuted, size: 11 }, orientation: "h" as const, y: -0.18, x: 0 },
    // New data is drawn at once and shown changing by a compositor fade (CHART_FADE, applied by
    // components/charts/plot.tsx). Plotly's own 150 ms transitions held the final figures back
    // until their last frame and redrew the SVG on the main thread every frame: a filter change
    // took ~330 ms to settle, of which ~250 ms after the data had arrived.
    transition: { duration: 0 },
    autosize: true,
  };
}

export const themeTokens = (mode: ThemeMode) => TOKENS[mode];

/**
 * How a chart shows that its data changed: the new drawing fades in from CHART_FADE.from opacity.
 * Brief (well under the 300 ms that starts to read as delay) and opacity-only, so it runs on the
 * compositor while the main thread is free for the next click.
 */
export const CHART_FADE = { from: 0.45, durationMs: 160, easing: "ease-out" } as const;
