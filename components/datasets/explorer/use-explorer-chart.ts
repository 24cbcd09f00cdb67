"use client";

import { useState } from "react";
import useSWR from "swr";
import { getExplorerChart } from "@/lib/actions/explorer";
import type { ExplorerFigure } from "@/lib/datasets/explorer/figure";
import { explorerStateKey, type ExplorerState } from "@/lib/datasets/explorer/state";

/**
 * The figure of one chart state, from one server action. SWR keys by dataset and data state (never
 * the title), so a revisited state is served from memory without a request and an older answer
 * cannot replace a newer view; the last figure stays on screen, marked stale, while the next loads.
 */
export function useExplorerChart(
  datasetId: number,
  state: ExplorerState,
  initialFigure: ExplorerFigure | null,
) {
  const key = explorerStateKey(state);
  const result = useSWR<ExplorerFigure, Error>(
    ["explorer", datasetId, key],
    async () => {
      const answer = await getExplorerChart(datasetId, state);
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
    {
      fallbackData: initialFigure?.key === key ? initialFigure : undefined,
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      shouldRetryOnError: false,
      dedupingInterval: 60_000,
    },
  );
  const [lastShown, setLastShown] = useState(initialFigure);
  if (result.data !== undefined && result.data !== lastShown) setLastShown(result.data);
  const shown = result.data ?? lastShown;
  return {
    shown,
    error: result.error,
    isValidating: result.isValidating,
    isStale: shown?.key !== key,
  };
}
