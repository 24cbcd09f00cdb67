"use client";

import { useState } from "react";
import useSWR from "swr";
import { getDetails } from "../actions/details";
import type { DetailsData } from "../data/details";
import { detailsKey, type DetailsState } from "./state";

/**
 * The Details page's data for a state, one action call per state. Keyed like the Overview's
 * resources (lib/swr/use-filtered-resource.ts) but by the whole table state: a revisited page,
 * sort or filter is served from memory without a request, an older answer never replaces a newer
 * view, and the last answer stays on screen, marked stale, while the next one loads.
 */
export function useDetails(state: DetailsState, initialData: DetailsData) {
  const current = detailsKey(state);
  const result = useSWR<DetailsData, Error>(
    `details|${current}`,
    async () => {
      const answer = await getDetails(state);
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      fallbackData: initialData.key === current ? initialData : undefined,
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
  return { shown, error: result.error, isValidating: result.isValidating, isStale: shown.key !== current };
}
