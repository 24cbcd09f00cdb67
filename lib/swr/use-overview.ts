"use client";

import { useState } from "react";
import useSWR from "swr";
import { getOverview } from "../actions/overview";
import type { OverviewData } from "../data/overview";
import { filtersKey, type OverviewFilters } from "../overview/filters";

export const overviewSwrKey = (filters: OverviewFilters) => `overview|${filtersKey(filters)}`;

/**
 * The Overview for a filter state. SWR keys by the canonical filter state, so a revisited state is
 * served from memory without a request, and an older response can never replace the view of a
 * newer state (each key owns its answer). While a new state loads, the last answer shown stays on
 * screen, marked stale. (SWR's keepPreviousData is not used: it ignores the server-rendered
 * fallback, so going back to the first view would keep showing the filtered one.)
 */
export function useOverview(filters: OverviewFilters, initialData: OverviewData) {
  const key = overviewSwrKey(filters);
  const result = useSWR<OverviewData, Error>(
    key,
    async () => {
      const answer = await getOverview(filters);
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      shouldRetryOnError: false,
      dedupingInterval: 60_000,
    },
  );
  const [lastShown, setLastShown] = useState(initialData);
  // Remembering the latest answer during render (React's "state from previous renders" pattern).
  if (result.data && result.data !== lastShown) setLastShown(result.data);
  const shown = result.data ?? lastShown;
  return {
    shown,
    error: result.error,
    isValidating: result.isValidating,
    isStale: shown.key !== filtersKey(filters),
  };
}
