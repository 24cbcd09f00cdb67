"use client";

import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { SWRConfig } from "swr";
import type { OverviewData } from "@/lib/data/overview";
import {
  overviewQueryString,
  parseOverviewQuery,
  type DateDefaults,
  type OverviewFilters,
} from "@/lib/overview/filters";
import { overviewSwrKey, useOverview } from "@/lib/swr/use-overview";
import { KpiCards } from "./kpi-cards";
import { OverviewCharts } from "./overview-charts";
import { OverviewFilterBar } from "./overview-filters";

interface Props {
  initialData: OverviewData;
  defaults: DateDefaults;
  dataRange: { first: string; last: string } | null;
}

/** Seeds SWR with the server-rendered answer, so the first view costs no client request. */
export function OverviewDashboard(props: Props) {
  const fallback = useMemo(
    () => ({ [overviewSwrKey(props.initialData.filters)]: props.initialData }),
    [props.initialData],
  );
  return (
    <SWRConfig value={{ fallback }}>
      <Dashboard {...props} />
    </SWRConfig>
  );
}

function Dashboard({ initialData, defaults, dataRange }: Props) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const { filters, problems } = useMemo(
    () => parseOverviewQuery(searchParams, defaults),
    [searchParams, defaults],
  );
  const { shown, error, isValidating, isStale } = useOverview(filters, initialData);

  // The URL is the filter state. pushState (not router.push) changes it without a server render:
  // the one round trip of a filter change is the batched action SWR makes for the new key.
  const navigate = useCallback(
    (next: OverviewFilters | null) => {
      const query = next ? overviewQueryString(next, defaults) : "";
      window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [defaults, pathname],
  );

  return (
    <div className="space-y-4">
      <OverviewFilterBar
        filters={filters}
        dataRange={dataRange}
        onChange={navigate}
        onReset={() => navigate(null)}
      />
      {problems.length > 0 && (
        <div
          role="alert"
          data-testid="filter-problems"
          className="rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
        >
          <p className="font-medium">
            Some filters in the link were not understood, so defaults are used for them:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {error && !isValidating && (
        <p
          role="alert"
          className="rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
        >
          {error.message}
        </p>
      )}
      <div
        data-testid="overview-content"
        data-key={shown.key}
        aria-busy={isStale}
        className={`space-y-4 transition-opacity duration-150 ${isStale ? "opacity-60" : "opacity-100"}`}
      >
        <KpiCards data={shown} />
        <OverviewCharts data={shown} />
      </div>
    </div>
  );
}
