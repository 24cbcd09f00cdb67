"use client";

import { getStoresView } from "../actions/stores";
import type { StoresView } from "../data/stores";
import { filtersKey, type OverviewFilters } from "../overview/filters";
import { useKeyedResource } from "./use-keyed-resource";

/** Identifies a StoresView: the filter state and the store asked for. */
export const storesViewKey = (view: Pick<StoresView, "key" | "storeId">) =>
  `${view.key}#${view.storeId ?? ""}`;

/**
 * The Stores page for a filter state and an optional store: one action per new state, cached by
 * (filters, store), so reopening a store or going back is served from memory without a request.
 */
export function useStoresView(filters: OverviewFilters, storeId: number | null, initialData: StoresView) {
  return useKeyedResource(
    "stores",
    storesViewKey({ key: filtersKey(filters), storeId }),
    initialData,
    storesViewKey,
    () => getStoresView({ filters, storeId }),
  );
}
