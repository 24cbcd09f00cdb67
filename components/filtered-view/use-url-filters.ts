"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import {
  overviewQueryString,
  parseOverviewQuery,
  type DateDefaults,
  type OverviewFilters,
} from "@/lib/overview/filters";

/**
 * Filter state kept in the URL query string: shareable, reloadable, and restored by the back
 * button. pushState (not router.push) changes it without a server render, so the only round trip
 * of a filter change is the one action the page's data hook makes for the new state.
 */
export function useUrlFilters(defaults: DateDefaults) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const { filters, problems } = useMemo(
    () => parseOverviewQuery(searchParams, defaults),
    [searchParams, defaults],
  );
  const navigate = useCallback(
    (next: OverviewFilters | null) => {
      const query = next ? overviewQueryString(next, defaults) : "";
      window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [defaults, pathname],
  );
  return { filters, problems, navigate };
}
