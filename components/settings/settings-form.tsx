"use client";

import { useEffect, useState, useTransition, type ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { MultiSelect } from "@/components/ui/multi-select";
import { Segmented } from "@/components/ui/segmented";
import { resetPreferences, savePreferences } from "@/lib/actions/preferences";
import { applyDisplayPreferences, currentTheme } from "@/lib/preferences/display";
import {
  DEFAULT_PREFERENCES,
  RANGE_LENGTHS,
  displayPreferences,
  type Density,
  type Preferences,
  type Theme,
} from "@/lib/preferences/schema";
import { CATEGORIES, CHANNELS, REGIONS, type Granularity } from "@/lib/retail";

const THEME_OPTIONS: { value: Theme; label: string }[] = [
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
  { value: "system", label: "System" },
];
const DENSITY_OPTIONS: { value: Density; label: string }[] = [
  { value: "comfortable", label: "Comfortable" },
  { value: "compact", label: "Compact" },
];
const GRANULARITY_OPTIONS: { value: Granularity; label: string }[] = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
];
const rangeLabel = (days: number) =>
  days === 1826
    ? "All five years"
    : days >= 365
      ? `Last ${days / 365} year${days > 365 ? "s" : ""}`
      : `Last ${days} days`;

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 py-2">
      <div>
        <p className="text-sm font-medium">{label}</p>
        {hint && <p className="text-xs text-muted">{hint}</p>}
      </div>
      {children}
    </div>
  );
}

type Status = { kind: "saved" | "error"; message: string } | null;

/** The settings form: one action saves everything; display settings apply to the page at once. */
export function SettingsForm({ initial }: { initial: Preferences }) {
  const [prefs, setPrefs] = useState(initial);
  const [status, setStatus] = useState<Status>(null);
  const [pending, startTransition] = useTransition();
  const overview = prefs.overview;

  // The navbar's theme switch saves the theme on its own: follow it, so saving this form later
  // does not put the old theme back.
  useEffect(() => {
    const observer = new MutationObserver(() => setPrefs((p) => ({ ...p, theme: currentTheme() })));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  const edit = (change: Partial<Preferences>) => {
    setPrefs({ ...prefs, ...change });
    setStatus(null);
  };
  const editOverview = (change: Partial<Preferences["overview"]>) =>
    edit({ overview: { ...overview, ...change } });

  const run = (action: () => ReturnType<typeof savePreferences>, message: string) =>
    startTransition(async () => {
      const result = await action().catch(() => ({
        ok: false as const,
        error: "The server did not answer.",
      }));
      if (!result.ok) {
        setStatus({ kind: "error", message: result.error });
        return;
      }
      setPrefs(result.data);
      applyDisplayPreferences(displayPreferences(result.data));
      setStatus({ kind: "saved", message });
    });

  return (
    <form
      className="space-y-4"
      data-testid="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => savePreferences(prefs), "Settings saved.");
      }}
    >
      <Card title="Appearance">
        <div className="divide-y divide-border">
          <Field label="Theme" hint="System follows your device's light or dark setting.">
            <Segmented
              label="Theme"
              options={THEME_OPTIONS}
              value={prefs.theme}
              onChange={(theme) => edit({ theme })}
            />
          </Field>
          <Field label="Table density" hint="Compact fits more rows in every table.">
            <Segmented
              label="Table density"
              options={DENSITY_OPTIONS}
              value={prefs.density}
              onChange={(density) => edit({ density })}
            />
          </Field>
          <Field label="Chart animation" hint="Off draws every chart change at once, without transitions.">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                data-testid="setting-animation"
                checked={prefs.animation}
                onChange={(event) => edit({ animation: event.target.checked })}
                className="h-4 w-4 accent-[var(--cr-accent)]"
              />
              Animate charts
            </label>
          </Field>
        </div>
      </Card>
      <Card title="Default Overview filters">
        <p className="mb-2 text-xs text-muted">
          Opening the Overview without filters in the link shows these (the link then names them).
        </p>
        <div className="flex flex-wrap items-end gap-3">
          <MultiSelect
            label="Region"
            testId="default-region"
            options={REGIONS}
            value={overview.regions}
            onChange={(regions) => editOverview({ regions })}
          />
          <MultiSelect
            label="Category"
            testId="default-category"
            options={CATEGORIES}
            value={overview.categories}
            onChange={(categories) => editOverview({ categories })}
          />
          <MultiSelect
            label="Channel"
            testId="default-channel"
            options={CHANNELS}
            value={overview.channels}
            onChange={(channels) => editOverview({ channels })}
          />
          <label className="flex flex-col gap-1 text-xs text-muted">
            Period
            <select
              data-testid="default-range"
              value={overview.rangeDays}
              onChange={(event) => editOverview({ rangeDays: Number(event.target.value) })}
              className="h-9 rounded-md border border-border bg-surface px-2 text-sm text-text"
            >
              {RANGE_LENGTHS.map((days) => (
                <option key={days} value={days}>
                  {rangeLabel(days)}
                </option>
              ))}
            </select>
          </label>
          <Segmented
            label="Default granularity"
            options={GRANULARITY_OPTIONS}
            value={overview.granularity}
            onChange={(granularity) => editOverview({ granularity })}
          />
        </div>
      </Card>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-text disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save settings"}
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => {
            setPrefs(DEFAULT_PREFERENCES);
            run(() => resetPreferences(), "Defaults restored.");
          }}
          className="rounded-md border border-border px-4 py-2 text-sm font-medium hover:bg-surface-muted disabled:opacity-60"
        >
          Reset to defaults
        </button>
        <p
          role="status"
          data-testid="settings-status"
          className={`text-sm ${status?.kind === "error" ? "text-negative" : "text-muted"}`}
        >
          {status?.message ?? ""}
        </p>
      </div>
    </form>
  );
}
