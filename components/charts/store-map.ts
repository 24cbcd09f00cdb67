import type { Data, Layout } from "plotly.js";
import { chartLayout } from "@/components/charts/chart-layout";
import type { OverviewData } from "@/lib/data/overview";
import { formatCurrency } from "@/lib/format";
import { themeTokens, type ThemeMode } from "@/lib/theme";

// The map of stores over the USA (Overview, Stores page): one scattergeo trace, marker area by
// revenue, drawn on public/topojson's outline.

type Tokens = ReturnType<typeof themeTokens>;
type MapStore = OverviewData["stores"][number];

/** The trace; `selectedId` rings one store (the Stores page's open panel). Point i is stores[i]. */
export function storeMapData(
  stores: readonly MapStore[],
  tokens: Tokens,
  selectedId?: number | null,
): Data[] {
  const maxRevenue = Math.max(1, ...stores.map((s) => s.revenue));
  const selected = (s: MapStore) => selectedId !== undefined && selectedId !== null && s.id === selectedId;
  return [
    {
      type: "scattergeo",
      locationmode: "USA-states",
      lat: stores.map((s) => s.lat),
      lon: stores.map((s) => s.lon),
      text: stores.map((s) => `${s.name} (${s.city})`),
      customdata: stores.map((s) => formatCurrency(s.revenue)),
      hovertemplate: "%{text}<br>Revenue %{customdata}<extra></extra>",
      marker: {
        size: stores.map((s) => s.revenue),
        sizemode: "area",
        // Largest store drawn ~36 px across.
        sizeref: (2 * maxRevenue) / 36 ** 2,
        sizemin: 3,
        color: stores.map((s) => (selected(s) ? tokens.palette[5] : tokens.palette[0])),
        opacity: 0.75,
        line: {
          color: stores.map((s) => (selected(s) ? tokens.text : tokens.surface)),
          width: stores.map((s) => (selected(s) ? 2.5 : 1)),
        },
      },
    } as Data,
  ];
}

/** The theme's layout with the USA map (Albers projection, no lakes). */
export function storeMapLayout(mode: ThemeMode, empty: boolean): Partial<Layout> {
  const tokens = themeTokens(mode);
  return {
    ...chartLayout(mode, { margin: { l: 0, r: 0, t: 0, b: 0 } }, empty),
    geo: {
      scope: "usa",
      projection: { type: "albers usa" },
      bgcolor: "rgba(0,0,0,0)",
      showland: true,
      landcolor: tokens.land,
      subunitcolor: tokens.border,
      countrycolor: tokens.border,
      showlakes: false,
    },
  } as Partial<Layout>;
}
