"use client";

import { useState, type ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { MultiSelect } from "@/components/ui/multi-select";
import { startJob } from "@/lib/actions/jobs";
import { isActive, type JobKind, type JobSummary, type StartJobInput } from "@/lib/jobs/kinds";
import type { OverviewFilters } from "@/lib/overview/filters";
import { CATEGORIES, CHANNELS, REGIONS } from "@/lib/retail";
import { JobList } from "./job-list";
import { mergeJob, useJobs } from "./use-jobs";

interface Props {
  userId: number;
  isAdmin: boolean;
  initialJobs: JobSummary[];
  datasets: { id: number; name: string; rowCount: number }[];
  defaultFilters: OverviewFilters;
}

const buttonClass =
  "h-9 rounded-md bg-accent px-4 text-sm font-medium text-accent-text disabled:cursor-not-allowed disabled:opacity-50";
const inputClass = "h-9 rounded-md border border-border bg-surface px-2 text-sm";

export function JobsPanel({ userId, isAdmin, initialJobs, datasets, defaultFilters }: Props) {
  const { jobs, streaming, mutate } = useJobs(initialJobs);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState<JobKind | null>(null);
  const [datasetId, setDatasetId] = useState<number | null>(datasets[0]?.id ?? null);
  const [filters, setFilters] = useState<OverviewFilters>(defaultFilters);

  const busy = (kind: JobKind) =>
    starting === kind ||
    jobs.some((job) => job.kind === kind && job.ownerId === userId && isActive(job.status));

  const start = async (input: StartJobInput) => {
    setStarting(input.kind);
    setError(null);
    const result = await startJob(input);
    setStarting(null);
    if (!result.ok) return setError(result.error);
    await mutate((list) => mergeJob(list ?? [], result.data), { revalidate: false });
  };

  const form = (
    kind: JobKind,
    title: string,
    description: string,
    controls: ReactNode,
    input: StartJobInput | null,
  ) => (
    <Card title={title}>
      <form
        className="space-y-3"
        data-testid={`start-${kind}`}
        onSubmit={(event) => {
          event.preventDefault();
          if (input) void start(input);
        }}
      >
        <p className="text-sm text-muted">{description}</p>
        {controls}
        <button type="submit" className={buttonClass} disabled={busy(kind) || input === null}>
          {busy(kind) ? "Running…" : `Start ${title.toLowerCase()}`}
        </button>
      </form>
    </Card>
  );

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-3">
        {form(
          "forecast",
          "Forecast",
          "Revenue per region for the next 90 days from the full order history (Holt-Winters, weekly season).",
          null,
          { kind: "forecast" },
        )}
        {form(
          "profile",
          "Profile",
          "Statistics, histograms and correlations of every column of a dataset.",
          datasets.length ? (
            <label className="flex items-center gap-2 text-sm">
              <span className="text-muted">Dataset</span>
              <select
                className={inputClass}
                value={datasetId ?? ""}
                onChange={(event) => setDatasetId(Number(event.target.value))}
                data-testid="profile-dataset"
              >
                {datasets.map((dataset) => (
                  <option key={dataset.id} value={dataset.id}>
                    {dataset.name} ({dataset.rowCount.toLocaleString("en-US")} rows)
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <p className="text-sm text-muted">No datasets you can read yet.</p>
          ),
          datasetId === null ? null : { kind: "profile", datasetId },
        )}
        {form(
          "export",
          "Export",
          "Every order matching these filters, as a CSV file to download.",
          <div className="flex flex-wrap gap-2">
            <MultiSelect
              label="Region"
              testId="export-region"
              options={REGIONS}
              value={filters.regions}
              onChange={(regions) => setFilters({ ...filters, regions })}
            />
            <MultiSelect
              label="Category"
              options={CATEGORIES}
              value={filters.categories}
              onChange={(categories) => setFilters({ ...filters, categories })}
            />
            <MultiSelect
              label="Channel"
              options={CHANNELS}
              value={filters.channels}
              onChange={(channels) => setFilters({ ...filters, channels })}
            />
            <label className="flex items-center gap-1 text-sm">
              <span className="text-muted">From</span>
              <input
                type="date"
                className={inputClass}
                value={filters.from}
                aria-label="Export from"
                onChange={(event) => setFilters({ ...filters, from: event.target.value })}
              />
            </label>
            <label className="flex items-center gap-1 text-sm">
              <span className="text-muted">To</span>
              <input
                type="date"
                className={inputClass}
                value={filters.to}
                aria-label="Export to"
                onChange={(event) => setFilters({ ...filters, to: event.target.value })}
              />
            </label>
          </div>,
          { kind: "export", filters },
        )}
      </div>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-warning-bg px-3 py-2 text-sm text-warning-text"
          data-testid="jobs-error"
        >
          {error}
        </p>
      )}
      <Card
        title={isAdmin ? "All jobs" : "Your jobs"}
        action={
          <span className="text-xs text-muted" data-testid="jobs-live">
            {streaming ? "Live" : "Updating every 2 s"}
          </span>
        }
      >
        <JobList jobs={jobs} showOwner={isAdmin} onError={setError} />
      </Card>
    </div>
  );
}
