"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import type { PlotMouseEvent } from "plotly.js";
import { Plot } from "@/components/charts/plot";
import { storeMapData, storeMapLayout } from "@/components/charts/store-map";
import { FilteredView } from "@/components/filtered-view/filtered-view";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import { Card } from "@/components/ui/card";
import type { StoresView } from "@/lib/data/stores";
import { formatCurrency } from "@/lib/format";
import {
  overviewQueryString,
  parseOverviewQuery,
  type DateDefaults,
  type OverviewFilters,
} from "@/lib/overview/filters";
import { useStoresView } from "@/lib/swr/use-stores-view";
import { themeTokens } from "@/lib/theme";
import { parseStoreParam } from "./store-param";
import { StorePanelView } from "./store-panel";

interface Props {
  initialData: StoresView;
  defaults: DateDefaults;
  dataRange: { first: string; last: string } | null;
}

/**
 * Filters and the selected store live in the URL (?store=ID), changed with pushState: shareable,
 * reloadable, and the back button closes or reopens a panel from the SWR cache without a request.
 */
function useStoresUrl(defaults: DateDefaults) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => {
    const { filters, problems } = parseOverviewQuery(searchParams, defaults);
    const given = searchParams.getAll("store");
    const store = parseStoreParam(given.length > 1 ? given : given[0]);
    return {
      filters,
      storeId: store.storeId,
      problems: store.problem ? [...problems, store.problem] : problems,
    };
  }, [searchParams, defaults]);
  const navigate = useCallback(
    (filters: OverviewFilters | null, storeId: number | null) => {
      const params = new URLSearchParams(filters ? overviewQueryString(filters, defaults) : "");
      if (storeId !== null) params.set("store", String(storeId));
      const query = params.toString();
      window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [defaults, pathname],
  );
  return { ...state, navigate };
}

export function StoresExplorer({ initialData, defaults, dataRange }: Props) {
  const { filters, storeId, problems, navigate } = useStoresUrl(defaults);
  const { shown, error, isValidating, isStale } = useStoresView(filters, storeId, initialData);
  const mode = useThemeMode();
  const tokens = themeTokens(mode);
  const open = useCallback((id: number | null) => navigate(filters, id), [navigate, filters]);

  const selectedId = shown.panel?.store.id ?? null;
  const mapData = useMemo(
    () => storeMapData(shown.stores, tokens, selectedId),
    [shown.stores, tokens, selectedId],
  );
  const mapLayout = useMemo(
    () => storeMapLayout(mode, shown.stores.length === 0),
    [mode, shown.stores.length],
  );
  const sorted = useMemo(
    () => [...shown.stores].sort((a, b) => a.name.localeCompare(b.name)),
    [shown.stores],
  );

  const onMapClick = (event: PlotMouseEvent) => {
    const index = event.points[0]?.pointIndex;
    const store = index === undefined ? undefined : shown.stores[index];
    if (store) open(store.id);
  };

  return (
    <FilteredView
      filters={filters}
      problems={problems}
      dataRange={dataRange}
      navigate={(next) => navigate(next, storeId)}
      error={error}
      isValidating={isValidating}
      isStale={isStale}
      shownKey={`${shown.key}#${shown.storeId ?? ""}`}
    >
      <div className="grid gap-4 lg:grid-cols-5">
        <div className="space-y-4 lg:col-span-3">
          <Card title="Stores by revenue">
            <Plot
              testId="stores-map"
              label="Map of stores in the USA, marker size by revenue; choose a store in the list below to open its figures"
              dataKey={`${shown.key}|${selectedId ?? ""}|${mode}`}
              data={mapData}
              layout={mapLayout}
              onClick={onMapClick}
              className="h-[28rem]"
            />
          </Card>
          <Card title="All stores">
            <ul
              className="grid max-h-72 gap-1 overflow-auto sm:grid-cols-2"
              aria-label="Stores, by name"
              data-testid="store-list"
            >
              {sorted.map((store) => (
                <li key={store.id}>
                  <button
                    type="button"
                    data-store-id={store.id}
                    aria-pressed={store.id === selectedId}
                    onClick={() => open(store.id)}
                    className={`flex w-full justify-between gap-2 rounded-md px-2 py-1 text-left text-sm ${
                      store.id === selectedId ? "bg-accent text-accent-text" : "hover:bg-surface-muted"
                    }`}
                  >
                    <span>
                      {store.name} <span className="opacity-75">{store.city}</span>
                    </span>
                    <span className="tabular-nums">{formatCurrency(store.revenue)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {sorted.length === 0 && (
              <p className="text-sm text-muted">No store has orders with these filters.</p>
            )}
          </Card>
        </div>
        <aside className="lg:col-span-2" aria-label="Store figures">
          <p className="sr-only" aria-live="polite">
            {shown.panel
              ? `Showing the figures of ${shown.panel.store.name}, ${shown.panel.store.city}.`
              : ""}
          </p>
          {shown.storeError && (
            <p
              role="alert"
              className="mb-3 rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
            >
              {shown.storeError}
            </p>
          )}
          {shown.panel ? (
            <StorePanelView panel={shown.panel} onClose={() => open(null)} />
          ) : (
            <Card>
              <p className="text-sm text-muted" data-testid="store-panel-empty">
                Click a store on the map, or pick one from the list, to see its revenue, orders, margin and
                profit, its trend, top products and channel mix.
              </p>
            </Card>
          )}
        </aside>
      </div>
    </FilteredView>
  );
}
