"use client";

import { useEffect, useRef, useState } from "react";
import { FilteredView } from "@/components/filtered-view/filtered-view";
import type { DetailsData } from "@/lib/data/details";
import {
  MAX_SEARCH_LENGTH,
  exportQueryString,
  firstPage,
  parseDetailsQuery,
  type DetailsState,
  type SortColumn,
} from "@/lib/details/state";
import { useDetails } from "@/lib/details/use-details";
import type { DateDefaults, OverviewFilters } from "@/lib/overview/filters";
import { DetailsCharts } from "./details-charts";
import { DetailsTable } from "./details-table";
import { useDetailsUrl } from "./use-details-url";

interface Props {
  initialData: DetailsData;
  defaults: DateDefaults;
  dataRange: { first: string; last: string } | null;
}

/** Typing fires a change per keystroke; wait this long for the user to finish. */
const SEARCH_DEBOUNCE_MS = 400;

export function DetailsView({ initialData, defaults, dataRange }: Props) {
  const { state, problems, navigate } = useDetailsUrl(defaults);
  const { shown, error, isValidating, isStale } = useDetails(state, initialData);
  const go = (next: DetailsState) => navigate(next);
  const refilter = (change: Partial<DetailsState>) => go(firstPage({ ...state, ...change }));
  const setFilters = (filters: OverviewFilters | null) =>
    refilter({ filters: filters ?? parseDetailsQuery({}, defaults).state.filters });

  const [search, setSearch] = useState(state.search);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!timer.current) setSearch(state.search);
  }, [state.search]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const editSearch = (value: string) => {
    setSearch(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      refilter({ search: value.trim() });
    }, SEARCH_DEBOUNCE_MS);
  };

  const onSort = (column: SortColumn) =>
    refilter({ sort: column, dir: column === state.sort ? (state.dir === "asc" ? "desc" : "asc") : "asc" });
  const onPage = (to: "first" | "prev" | "next" | "last") => {
    const rows = shown.rows;
    if (to === "first") go(firstPage(state));
    else if (to === "last") go({ ...state, position: { kind: "last" }, page: 1 });
    else if (to === "next" && rows.length)
      go({ ...state, position: { kind: "after", id: rows[rows.length - 1]!.id }, page: shown.page + 1 });
    else if (to === "prev" && rows.length)
      go({ ...state, position: { kind: "before", id: rows[0]!.id }, page: Math.max(1, shown.page - 1) });
  };

  const { filters } = state;
  const isDefaultPeriod = filters.from === defaults.from && filters.to === defaults.to;
  const chips: { id: string; label: string; clear: () => void }[] = [];
  if (filters.categories.length === 1)
    chips.push({
      id: "category",
      label: `Category: ${filters.categories[0]}`,
      clear: () => refilter({ filters: { ...filters, categories: [] } }),
    });
  if (state.productId !== null)
    chips.push({
      id: "product",
      label: `Product: ${shown.productName ?? `#${state.productId}`}`,
      clear: () => refilter({ productId: null }),
    });
  if (!isDefaultPeriod)
    chips.push({
      id: "dates",
      label: `Dates: ${filters.from} to ${filters.to}`,
      clear: () => refilter({ filters: { ...filters, from: defaults.from, to: defaults.to } }),
    });
  if (state.search)
    chips.push({ id: "search", label: `Search: “${state.search}”`, clear: () => refilter({ search: "" }) });

  return (
    <FilteredView
      filters={filters}
      problems={shown.notice && !isStale ? [...problems, shown.notice] : problems}
      dataRange={dataRange}
      navigate={setFilters}
      error={error}
      isValidating={isValidating}
      isStale={isStale}
      shownKey={shown.key}
    >
      <DetailsCharts
        charts={shown.charts}
        dataKey={`${shown.state.filters.from}|${shown.state.filters.to}|${shown.state.filters.regions}|${shown.state.filters.categories}|${shown.state.filters.channels}|${shown.state.filters.granularity}|${shown.state.productId}`}
        selectedCategory={filters.categories.length === 1 ? filters.categories[0]! : null}
        selectedProduct={state.productId}
        onCategory={(category) =>
          refilter({
            filters: { ...filters, categories: [category as OverviewFilters["categories"][number]] },
          })
        }
        onProduct={(productId) => refilter({ productId })}
        onRange={(from, to) => refilter({ filters: { ...filters, from, to } })}
      />
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm text-muted">
          Search
          <input
            type="search"
            value={search}
            maxLength={MAX_SEARCH_LENGTH}
            placeholder="Product or store name"
            onChange={(event) => editSearch(event.target.value)}
            data-testid="details-search"
            className="h-9 w-64 rounded-md border border-border bg-surface px-2 text-sm text-text"
          />
        </label>
        {chips.map((chip) => (
          <span
            key={chip.id}
            data-testid={`chip-${chip.id}`}
            className="inline-flex items-center gap-1 rounded-full border border-border bg-surface-muted py-1 pl-3 pr-1 text-sm"
          >
            {chip.label}
            <button
              type="button"
              onClick={chip.clear}
              aria-label={`Clear ${chip.label}`}
              className="grid h-6 w-6 place-items-center rounded-full text-muted hover:bg-surface hover:text-text"
            >
              ×
            </button>
          </span>
        ))}
        <a
          href={`/api/details/export?${exportQueryString(state, defaults)}`}
          download
          data-testid="details-export"
          className="ml-auto h-9 rounded-md border border-border bg-surface px-3 text-sm leading-9 hover:border-accent"
        >
          Export CSV
        </a>
      </div>
      <DetailsTable
        page={shown}
        sort={shown.state.sort}
        dir={shown.state.dir}
        size={shown.state.size}
        onSort={onSort}
        onSize={(size) => refilter({ size })}
        onPage={onPage}
      />
    </FilteredView>
  );
}
