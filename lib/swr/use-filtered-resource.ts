"use client";

import { useState } from "react";
import useSWR from "swr";
import type { ActionResult } from "../actions/result";
import { filtersKey, type OverviewFilters } from "../overview/filters";

export const filteredSwrKey = (resource: string, filters: OverviewFilters) =>
  `${resource}|${filtersKey(filters)}`;

/**
 * One filter-driven resource answered by one server action. SWR keys by the canonical filter
 * state, so a revisited state is served from memory without a request, and an older response can
 * never replace the view of a newer state (each key owns its answer). While a new state loads, the
 * last answer shown stays on screen, marked stale. (SWR's keepPreviousData is not used: it ignores
 * the server-rendered fallback, so going back to the first view kept showing the filtered one.)
 */
export function useFilteredResource<T>(
  resource: string,
  filters: OverviewFilters,
  initialData: T,
  keyOf: (data: T) => string,
  load: (filters: OverviewFilters) => Promise<ActionResult<T>>,
) {
  const current = filtersKey(filters);
  const result = useSWR<T, Error>(
    filteredSwrKey(resource, filters),
    async () => {
      const answer = await load(filters);
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      // The server-rendered answer serves its own filter state (first paint, and back to it later)
      // without a request; with revalidateIfStale off, SWR does not refetch it.
      fallbackData: keyOf(initialData) === current ? initialData : undefined,
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      shouldRetryOnError: false,
      dedupingInterval: 60_000,
    },
  );
  const [lastShown, setLastShown] = useState(initialData);
  // Remembering the latest answer during render (React's "state from previous renders" pattern).
  if (result.data !== undefined && result.data !== lastShown) setLastShown(result.data);
  const shown = result.data ?? lastShown;
  return {
    shown,
    error: result.error,
    isValidating: result.isValidating,
    isStale: keyOf(shown) !== current,
  };
}
