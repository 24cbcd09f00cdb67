"use client";

import { useState } from "react";
import useSWR from "swr";
import type { ActionResult } from "../actions/result";

/**
 * One resource answered by one server action per state, identified by `key` (the canonical state:
 * filters, a store, a table page...). SWR keys by it, so a revisited state is served from memory
 * without a request, and an older response can never replace the view of a newer state (each key
 * owns its answer). While a new state loads, the last answer shown stays on screen, marked stale.
 * (SWR's keepPreviousData is not used: it ignores the server-rendered fallback, so going back to
 * the first view kept showing the filtered one.)
 */
export function useKeyedResource<T>(
  resource: string,
  key: string,
  initialData: T,
  keyOf: (data: T) => string,
  load: () => Promise<ActionResult<T>>,
) {
  const result = useSWR<T, Error>(
    `${resource}|${key}`,
    async () => {
      const answer = await load();
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      // The server-rendered answer serves its own state (first paint, and back to it later)
      // without a request; with revalidateIfStale off, SWR does not refetch it.
      fallbackData: keyOf(initialData) === key ? initialData : undefined,
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
    isStale: keyOf(shown) !== key,
  };
}
