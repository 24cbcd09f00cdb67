"use client";

import type { ReactNode } from "react";
import { OverviewFilterBar } from "@/components/overview/overview-filters";
import type { OverviewFilters } from "@/lib/overview/filters";

interface Props {
  filters: OverviewFilters;
  problems: string[];
  dataRange: { first: string; last: string } | null;
  navigate: (next: OverviewFilters | null) => void;
  error?: Error;
  isValidating: boolean;
  isStale: boolean;
  /** Key of the data shown, exposed for tests and the benchmark. */
  shownKey: string;
  children: ReactNode;
}

/** Filter bar, query-string problems, load errors, and the content dimmed while a new state loads. */
export function FilteredView(props: Props) {
  return (
    <div className="space-y-4">
      <OverviewFilterBar
        filters={props.filters}
        dataRange={props.dataRange}
        onChange={props.navigate}
        onReset={() => props.navigate(null)}
      />
      {props.problems.length > 0 && (
        <div
          role="alert"
          data-testid="filter-problems"
          className="rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
        >
          <p className="font-medium">
            Some filters in the link were not understood, so defaults are used for them:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {props.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {props.error && !props.isValidating && (
        <p
          role="alert"
          className="rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
        >
          {props.error.message}
        </p>
      )}
      <div
        data-testid="overview-content"
        data-key={props.shownKey}
        aria-busy={props.isStale}
        className={`space-y-4 transition-opacity duration-150 ${props.isStale ? "opacity-60" : "opacity-100"}`}
      >
        {props.children}
      </div>
    </div>
  );
}
