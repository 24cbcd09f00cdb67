"use client";

interface SegmentedProps<T extends string> {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (next: T) => void;
}

export function Segmented<T extends string>({ label, options, value, onChange }: SegmentedProps<T>) {
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className="flex h-9 rounded-md border border-border bg-surface p-0.5"
    >
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={value === option.value}
          onClick={() => onChange(option.value)}
          className={`rounded px-3 text-sm transition-colors ${
            value === option.value
              ? "bg-accent font-medium text-accent-text"
              : "text-muted hover:bg-surface-muted"
          }`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
