"use client";

import useSWR from "swr";
import { getOverview } from "../actions/overview";
import type { OverviewData } from "../data/overview";
import { filtersKey, type OverviewFilters } from "../overview/filters";

export const overviewSwrKey = (filters: OverviewFilters) => `overview|${filtersKey(filters)}`;

/**
 * The Overview for a filter state. SWR keys by the canonical filter state, so a revisited state is
 * served from memory without a request; an older response can never replace the view of a newer
 * state (each key owns its answer); and the previous answer stays on screen while a new one loads.
 */
export function useOverview(filters: OverviewFilters) {
  const key = overviewSwrKey(filters);
  const result = useSWR<OverviewData, Error>(
    key,
    async () => {
      const answer = await getOverview(filters);
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      keepPreviousData: true,
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      shouldRetryOnError: false,
      dedupingInterval: 60_000,
    },
  );
  return { ...result, key, isStale: result.data !== undefined && result.data.key !== filtersKey(filters) };
}
