"use client";

import { useEffect, useRef, useState } from "react";
import { MultiSelect } from "@/components/ui/multi-select";
import { Segmented } from "@/components/ui/segmented";
import { parseIsoDay } from "@/lib/dates";
import type { OverviewFilters } from "@/lib/overview/filters";
import { CATEGORIES, CHANNELS, REGIONS, type Granularity } from "@/lib/retail";

const GRANULARITY_OPTIONS: { value: Granularity; label: string }[] = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
];

/** Typing a date fires a change per keystroke; wait this long for the user to finish. */
const DATE_DEBOUNCE_MS = 400;

interface Props {
  filters: OverviewFilters;
  dataRange: { first: string; last: string } | null;
  onChange: (next: OverviewFilters) => void;
  onReset: () => void;
}

export function OverviewFilterBar({ filters, dataRange, onChange, onReset }: Props) {
  const [dates, setDates] = useState({ from: filters.from, to: filters.to });
  const [dateError, setDateError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Follow the URL (back button, reset) unless the user is mid-edit.
  useEffect(() => {
    if (timer.current) return;
    setDates({ from: filters.from, to: filters.to });
  }, [filters.from, filters.to]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const editDate = (field: "from" | "to", value: string) => {
    const next = { ...dates, [field]: value };
    setDates(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (!parseIsoDay(next.from) || !parseIsoDay(next.to)) {
        setDateError("Enter both dates as YYYY-MM-DD.");
        return;
      }
      if (next.from > next.to) {
        setDateError("“From” must be on or before “To”.");
        return;
      }
      setDateError(null);
      onChange({ ...filters, from: next.from, to: next.to });
    }, DATE_DEBOUNCE_MS);
  };

  const inputClass = "h-9 rounded-md border border-border bg-surface px-2 text-sm";
  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="overview-filters">
      <MultiSelect
        label="Region"
        testId="filter-region"
        options={REGIONS}
        value={filters.regions}
        onChange={(regions) => onChange({ ...filters, regions })}
      />
      <MultiSelect
        label="Category"
        testId="filter-category"
        options={CATEGORIES}
        value={filters.categories}
        onChange={(categories) => onChange({ ...filters, categories })}
      />
      <MultiSelect
        label="Channel"
        testId="filter-channel"
        options={CHANNELS}
        value={filters.channels}
        onChange={(channels) => onChange({ ...filters, channels })}
      />
      <label className="flex flex-col gap-1 text-xs text-muted">
        From
        <input
          type="date"
          className={inputClass}
          value={dates.from}
          min="1900-01-01"
          max="2999-12-31"
          onChange={(event) => editDate("from", event.target.value)}
          data-testid="filter-from"
          aria-invalid={dateError !== null}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted">
        To
        <input
          type="date"
          className={inputClass}
          value={dates.to}
          min="1900-01-01"
          max="2999-12-31"
          onChange={(event) => editDate("to", event.target.value)}
          data-testid="filter-to"
          aria-invalid={dateError !== null}
        />
      </label>
      <Segmented
        label="Granularity"
        options={GRANULARITY_OPTIONS}
        value={filters.granularity}
        onChange={(granularity) => onChange({ ...filters, granularity })}
      />
      <button
        type="button"
        onClick={onReset}
        className="h-9 rounded-md px-3 text-sm text-accent hover:underline"
      >
        Reset
      </button>
      {dataRange && (
        <p className="basis-full text-xs text-muted">
          Data from {dataRange.first} to {dataRange.last}.
        </p>
      )}
      {dateError && (
        <p role="alert" className="basis-full text-sm text-negative">
          {dateError}
        </p>
      )}
    </div>
  );
}
