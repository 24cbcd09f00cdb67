"use client";

import { getExplorerChart } from "@/lib/actions/explorer";
import type { ExplorerFigure } from "@/lib/datasets/explorer/figure";
import { useKeyedResource } from "@/lib/swr/use-keyed-resource";
import { explorerStateKey, type ExplorerState } from "@/lib/datasets/explorer/state";

/**
 * The figure of one chart state, from one server action, keyed by dataset and data state (never
 * the title) through lib/swr/use-keyed-resource.ts: a revisited state is served from memory.
 */
export function useExplorerChart(
  datasetId: number,
  state: ExplorerState,
  initialFigure: ExplorerFigure | null,
) {
  return useKeyedResource<ExplorerFigure | null>(
    "explorer",
    `${datasetId}|${explorerStateKey(state)}`,
    initialFigure,
    (figure) => (figure ? `${datasetId}|${figure.key}` : ""),
    () => getExplorerChart(datasetId, state),
  );
}
