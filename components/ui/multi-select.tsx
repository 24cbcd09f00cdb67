"use client";

import { useEffect, useId, useRef, useState } from "react";

interface MultiSelectProps<T extends string> {
  label: string;
  options: readonly T[];
  /** Selected values; an empty array means every option. */
  value: readonly T[];
  onChange: (next: T[]) => void;
  testId?: string;
}

/** A compact "Region: All ▾" picker. Deselecting the last option selects all again. */
export function MultiSelect<T extends string>({
  label,
  options,
  value,
  onChange,
  testId,
}: MultiSelectProps<T>) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const all = value.length === 0;
  const isChecked = (option: T) => all || value.includes(option);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !root.current?.contains(event.target as Node)
      ) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const toggle = (option: T) => {
    const current = all ? [...options] : [...value];
    const next = current.includes(option) ? current.filter((v) => v !== option) : [...current, option];
    onChange(
      next.length === 0 || next.length === options.length ? [] : options.filter((o) => next.includes(o)),
    );
  };

  const summary = all ? "All" : value.length === 1 ? value[0] : `${value.length} selected`;

  return (
    <div ref={root} className="relative" data-testid={testId}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex h-9 min-w-36 items-center justify-between gap-2 rounded-md border border-border bg-surface px-3 text-sm hover:border-accent"
      >
        <span>
          <span className="text-muted">{label}:</span> <span className="font-medium">{summary}</span>
        </span>
        <span aria-hidden="true" className="text-muted">
          ▾
        </span>
      </button>
      {open && (
        <fieldset
          id={panelId}
          className="absolute z-20 mt-1 min-w-full rounded-md border border-border bg-surface p-1 shadow-lg"
        >
          <legend className="sr-only">{label}</legend>
          <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-surface-muted">
            <input type="checkbox" checked={all} onChange={() => onChange([])} className="accent-accent" />
            All
          </label>
          <hr className="my-1 border-border" />
          {options.map((option) => (
            <label
              key={option}
              className="flex cursor-pointer items-center gap-2 whitespace-nowrap rounded px-2 py-1.5 text-sm hover:bg-surface-muted"
            >
              <input
                type="checkbox"
                name={label}
                value={option}
                checked={isChecked(option)}
                onChange={() => toggle(option)}
                className="accent-accent"
              />
              {option}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
