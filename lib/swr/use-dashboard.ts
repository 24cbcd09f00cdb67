"use client";

import { getDashboard } from "../actions/dashboard";
import type { DashboardData } from "../data/dashboard";
import type { OverviewFilters } from "../overview/filters";
import { encodeFilters } from "../overview/filters-wire";
import { useFilteredResource } from "./use-filtered-resource";

export const DASHBOARD_RESOURCE = "dashboard";

/** The private dashboard for a filter state: Overview figures plus cost and profit, one call. */
export function useDashboard(filters: OverviewFilters, initialData: DashboardData) {
  return useFilteredResource(
    DASHBOARD_RESOURCE,
    filters,
    initialData,
    (data) => data.overview.key,
    (f) => getDashboard(encodeFilters(f)),
  );
}
