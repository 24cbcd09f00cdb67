"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import type { DateDefaults } from "@/lib/overview/filters";
import { detailsQueryString, parseDetailsQuery, type DetailsState } from "@/lib/details/state";

/**
 * The Details state kept in the URL. pushState (not router.push) changes it without a server
 * render, so the only round trip of a change is the one action the data hook makes.
 */
export function useDetailsUrl(defaults: DateDefaults) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const { state, problems } = useMemo(
    () => parseDetailsQuery(searchParams, defaults),
    [searchParams, defaults],
  );
  const navigate = useCallback(
    (next: DetailsState) => {
      const query = detailsQueryString(next, defaults);
      window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [defaults, pathname],
  );
  return { state, problems, navigate };
}
