"use client";

import { getDetails } from "../actions/details";
import type { DetailsData } from "../data/details";
import { useKeyedResource } from "../swr/use-keyed-resource";
import { detailsKey, type DetailsState } from "./state";

/**
 * The Details page's data for a state, one action call per state, keyed by the whole table state
 * (lib/swr/use-keyed-resource.ts): a revisited page, sort or filter is served from memory.
 */
export function useDetails(state: DetailsState, initialData: DetailsData) {
  return useKeyedResource(
    "details",
    detailsKey(state),
    initialData,
    (data) => data.key,
    () => getDetails(state),
  );
}
