"use client";

import { getOverview } from "../actions/overview";
import type { OverviewData } from "../data/overview";
import type { OverviewFilters } from "../overview/filters";
import { encodeFilters } from "../overview/filters-wire";
import { useFilteredResource } from "./use-filtered-resource";

export const OVERVIEW_RESOURCE = "overview";

/** The public Overview for a filter state: every KPI and chart series in one action call. */
export function useOverview(filters: OverviewFilters, initialData: OverviewData) {
  return useFilteredResource(
    OVERVIEW_RESOURCE,
    filters,
    initialData,
    (data) => data.key,
    (f) => getOverview(encodeFilters(f)),
  );
}
