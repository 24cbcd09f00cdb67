"use client";

import { useState } from "react";
import { cancelJob } from "@/lib/actions/jobs";
import { isActive, JOB_LABELS, type JobSummary } from "@/lib/jobs/kinds";
import type { ForecastResult } from "@/lib/jobs/workers/forecast.mjs";
import type { ProfileResult } from "@/lib/jobs/workers/profile.mjs";
import { ForecastChart } from "./forecast-chart";
import { ProfileView } from "./profile-view";
import { useJobResult } from "./use-jobs";

const STATUS_TEXT: Record<JobSummary["status"], string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

const STATUS_CLASS: Record<JobSummary["status"], string> = {
  queued: "text-muted",
  running: "text-accent",
  succeeded: "text-positive",
  failed: "text-negative",
  cancelled: "text-muted",
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function JobResult({ job }: { job: JobSummary }) {
  const { data, error } = useJobResult<ForecastResult | ProfileResult>(job.id, true);
  if (error) return <p className="text-sm text-negative">{error.message}</p>;
  if (!data)
    return <div className="h-24 animate-pulse rounded-md bg-surface-muted" aria-label="Loading the result" />;
  if (job.kind === "forecast") return <ForecastChart jobId={job.id} result={data as ForecastResult} />;
  return <ProfileView result={data as ProfileResult} />;
}

function JobItem({
  job,
  showOwner,
  onError,
}: {
  job: JobSummary;
  showOwner: boolean;
  onError: (m: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const active = isActive(job.status);

  const cancel = async () => {
    setCancelling(true);
    const result = await cancelJob({ id: job.id });
    setCancelling(false);
    if (!result.ok) onError(result.error);
  };

  return (
    <li
      className="space-y-2 border-t border-border py-3 first:border-t-0"
      data-testid={`job-${job.id}`}
      data-status={job.status}
      data-kind={job.kind}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="text-sm">
            <span className="font-medium">{JOB_LABELS[job.kind]}</span>{" "}
            <span className="text-muted">#{job.id}</span>
            {showOwner && <span className="text-muted"> · {job.ownerName}</span>}
          </p>
          <p className="truncate text-xs text-muted">{job.label}</p>
        </div>
        <div className="flex items-center gap-3">
          <span className={`text-sm font-medium ${STATUS_CLASS[job.status]}`} data-testid="job-status">
            {STATUS_TEXT[job.status]}
          </span>
          {active && (
            <button
              type="button"
              onClick={cancel}
              disabled={cancelling}
              className="h-8 rounded-md border border-border px-3 text-sm hover:border-negative hover:text-negative disabled:opacity-50"
            >
              Cancel
            </button>
          )}
          {job.status === "succeeded" && job.kind === "export" && (
            <a
              href={`/api/jobs/${job.id}/download`}
              download
              className="h-8 rounded-md bg-accent px-3 text-sm leading-8 font-medium text-accent-text"
            >
              Download CSV{job.fileBytes !== null ? ` (${formatBytes(job.fileBytes)})` : ""}
            </a>
          )}
          {job.status === "succeeded" && job.kind !== "export" && (
            <button
              type="button"
              aria-expanded={open}
              onClick={() => setOpen((o) => !o)}
              className="h-8 rounded-md border border-border px-3 text-sm hover:border-accent"
            >
              {open ? "Hide result" : "Show result"}
            </button>
          )}
        </div>
      </div>
      <div className="flex items-center gap-3">
        <div
          role="progressbar"
          aria-label={`Progress of job ${job.id}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={job.progress}
          data-testid="job-progress"
          className="h-2 flex-1 overflow-hidden rounded-full bg-surface-muted"
        >
          <div
            className={`h-full rounded-full transition-[width] ${job.status === "failed" ? "bg-negative" : job.status === "cancelled" ? "bg-border" : "bg-accent"}`}
            style={{ width: `${job.progress}%` }}
          />
        </div>
        <span className="w-10 text-right text-xs tabular-nums text-muted">{job.progress}%</span>
      </div>
      <p className="text-xs text-muted" data-testid="job-message">
        {job.status === "failed" && job.error ? job.error : job.message}
      </p>
      {open && job.status === "succeeded" && <JobResult job={job} />}
    </li>
  );
}

export function JobList({
  jobs,
  showOwner,
  onError,
}: {
  jobs: JobSummary[];
  showOwner: boolean;
  onError: (m: string) => void;
}) {
  if (jobs.length === 0) return <p className="text-sm text-muted">No jobs yet. Start one above.</p>;
  return (
    <ul data-testid="job-list">
      {jobs.map((job) => (
        <JobItem key={job.id} job={job} showOwner={showOwner} onError={onError} />
      ))}
    </ul>
  );
}
