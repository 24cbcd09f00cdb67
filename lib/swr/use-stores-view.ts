"use client";

import { useState } from "react";
import useSWR from "swr";
import { getStoresView } from "../actions/stores";
import type { StoresView } from "../data/stores";
import { filtersKey, type OverviewFilters } from "../overview/filters";

/** Identifies a StoresView: the filter state and the store asked for. */
export const storesViewKey = (view: Pick<StoresView, "key" | "storeId">) =>
  `${view.key}#${view.storeId ?? ""}`;

/**
 * The Stores page for a filter state and an optional store: one action per new state, SWR-cached
 * by (filters, store), so reopening a store or going back is served from memory without a request.
 * The last answer shown stays on screen, marked stale, while a new one loads (as in
 * use-filtered-resource.ts).
 */
export function useStoresView(filters: OverviewFilters, storeId: number | null, initialData: StoresView) {
  const current = storesViewKey({ key: filtersKey(filters), storeId });
  const result = useSWR<StoresView, Error>(
    `stores|${current}`,
    async () => {
      const answer = await getStoresView({ filters, storeId });
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      fallbackData: storesViewKey(initialData) === current ? initialData : undefined,
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      shouldRetryOnError: false,
      dedupingInterval: 60_000,
    },
  );
  const [lastShown, setLastShown] = useState(initialData);
  if (result.data !== undefined && result.data !== lastShown) setLastShown(result.data);
  const shown = result.data ?? lastShown;
  return {
    shown,
    error: result.error,
    isValidating: result.isValidating,
    isStale: storesViewKey(shown) !== current,
  };
}
