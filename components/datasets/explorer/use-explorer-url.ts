"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import {
  explorerQueryString,
  parseExplorerQuery,
  type ColumnInfo,
  type ExplorerView,
} from "@/lib/datasets/explorer/state";

/**
 * The chart state kept in the URL: shareable, reloadable, and restored by the back button.
 * History entries are written with pushState (no server render), so the only round trip of a
 * change is the one action the chart hook makes; retitling replaces the entry instead of adding
 * one per keystroke.
 */
export function useExplorerUrl(columns: readonly ColumnInfo[]) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const { view, problems } = useMemo(
    () => parseExplorerQuery(searchParams, columns),
    [searchParams, columns],
  );
  const navigate = useCallback(
    (next: ExplorerView, options: { replace?: boolean } = {}) => {
      const url = `${pathname}?${explorerQueryString(next)}`;
      if (options.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );
  return { view, problems, navigate };
}
