"use client";

import type { ActionResult } from "../actions/result";
import { filtersKey, type OverviewFilters } from "../overview/filters";
import { useKeyedResource } from "./use-keyed-resource";

/** A resource that depends only on the Overview's filters, keyed by their canonical form. */
export function useFilteredResource<T>(
  resource: string,
  filters: OverviewFilters,
  initialData: T,
  keyOf: (data: T) => string,
  load: (filters: OverviewFilters) => Promise<ActionResult<T>>,
) {
  return useKeyedResource(resource, filtersKey(filters), initialData, keyOf, () => load(filters));
}
