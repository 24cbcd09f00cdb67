"use client";

import { useState } from "react";
import type { ColumnInfo, ExplorerFilter } from "@/lib/datasets/explorer/state";

const inputClass = "h-8 rounded-md border border-border bg-surface px-2 text-sm";

function inputType(type: ColumnInfo["type"]): string {
  if (type === "date") return "date";
  if (type === "datetime") return "datetime-local";
  return "number";
}

/** One filter's editor: a range for numbers and dates, a value list for text and booleans. */
function FilterRow({
  column,
  filter,
  onApply,
  onRemove,
}: {
  column: ColumnInfo;
  filter: ExplorerFilter;
  onApply: (next: ExplorerFilter) => void;
  onRemove: () => void;
}) {
  const ranged = column.type !== "text" && column.type !== "boolean";
  const [min, setMin] = useState(filter.min == null ? "" : String(filter.min));
  const [max, setMax] = useState(filter.max == null ? "" : String(filter.max));
  const [values, setValues] = useState((filter.values ?? []).join(", "));
  const bound = (raw: string) => {
    if (raw.trim() === "") return null;
    return column.type === "integer" || column.type === "number" ? Number(raw) : raw.trim();
  };
  const apply = () =>
    onApply(
      ranged
        ? { column: column.name, min: bound(min), max: bound(max) }
        : {
            column: column.name,
            values: values
              .split(",")
              .map((v) => v.trim())
              .filter(Boolean),
          },
    );
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      data-testid={`filter-${column.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <span className="min-w-24 text-sm font-medium">{column.name}</span>
      {ranged ? (
        <>
          <input
            aria-label={`${column.name} from`}
            className={inputClass}
            type={inputType(column.type)}
            step="any"
            value={min}
            onChange={(e) => setMin(e.target.value)}
          />
          <span className="text-muted">to</span>
          <input
            aria-label={`${column.name} to`}
            className={inputClass}
            type={inputType(column.type)}
            step="any"
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </>
      ) : (
        <input
          aria-label={`${column.name} values`}
          className={`${inputClass} min-w-64`}
          placeholder={column.type === "boolean" ? "true, false" : "values, separated by commas"}
          value={values}
          onChange={(e) => setValues(e.target.value)}
        />
      )}
      <button type="submit" className="h-8 rounded-md bg-accent px-3 text-sm text-accent-text">
        Apply
      </button>
      <button
        type="button"
        className="h-8 rounded-md px-2 text-sm text-muted hover:text-text"
        onClick={onRemove}
      >
        Remove
      </button>
    </form>
  );
}

/** Filters of the chart; each Apply or Remove is one interaction (one request). */
export function FilterEditor({
  columns,
  filters,
  onChange,
}: {
  columns: readonly ColumnInfo[];
  filters: readonly ExplorerFilter[];
  onChange: (next: ExplorerFilter[]) => void;
}) {
  const [pending, setPending] = useState<string[]>([]);
  const shown = [
    ...filters.map((f) => f.column),
    ...pending.filter((name) => !filters.some((f) => f.column === name)),
  ];
  const free = columns.filter((c) => !shown.includes(c.name));
  return (
    <div className="space-y-2">
      {shown.map((name) => {
        const column = columns.find((c) => c.name === name);
        if (!column) return null;
        const filter = filters.find((f) => f.column === name) ?? { column: name };
        return (
          <FilterRow
            key={`${name}|${JSON.stringify(filter)}`}
            column={column}
            filter={filter}
            onApply={(next) => {
              setPending((p) => p.filter((n) => n !== name));
              onChange([...filters.filter((f) => f.column !== name), next]);
            }}
            onRemove={() => {
              setPending((p) => p.filter((n) => n !== name));
              if (filters.some((f) => f.column === name)) onChange(filters.filter((f) => f.column !== name));
            }}
          />
        );
      })}
      {free.length > 0 && (
        <label className="flex items-center gap-2 text-sm text-muted">
          Add a filter on
          <select
            className={inputClass}
            value=""
            onChange={(e) => e.target.value && setPending((p) => [...p, e.target.value])}
          >
            <option value="">choose a column…</option>
            {free.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
