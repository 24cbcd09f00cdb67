import "server-only";
import type { SessionUser } from "../auth/session-check";
import { getReadableDataset } from "../data/datasets";
import { getVisibleJob, insertJob, type JobRecord } from "../data/jobs";
import { normalizeFilters, type OverviewFilters } from "../overview/filters";
import { publishJobChange } from "./events";
import { JOB_LABELS, type StartJobInput } from "./kinds";
import { getJobQueue, startJobQueue } from "./queue-instance";

// What the start and cancel actions do once the session and the input are checked.

function exportLabel(filters: OverviewFilters): string {
  const parts = [filters.regions, filters.categories, filters.channels]
    .map((values) => values.join(", "))
    .filter(Boolean);
  return `${[...parts, `${filters.from} to ${filters.to}`].join(" · ")}`;
}

export type StartOutcome = { ok: true; id: number } | { ok: false; error: string };

export async function startJobFor(user: SessionUser, input: StartJobInput): Promise<StartOutcome> {
  let params: unknown;
  let label: string;
  switch (input.kind) {
    case "forecast":
      params = {};
      label = "Revenue per region, next 90 days";
      break;
    case "profile": {
      const dataset = await getReadableDataset(input.datasetId, user);
      if (!dataset) return { ok: false, error: "That dataset does not exist or you may not read it." };
      params = { datasetId: dataset.id };
      label = `Dataset “${dataset.name}”`;
      break;
    }
    case "export": {
      const filters = normalizeFilters(input.filters);
      params = { filters };
      label = exportLabel(filters);
      break;
    }
  }
  const id = await insertJob({ kind: input.kind, ownerId: user.id, params, label });
  if (id === null)
    return {
      ok: false,
      error: `Your ${JOB_LABELS[input.kind].toLowerCase()} job is still running; wait for it or cancel it.`,
    };
  publishJobChange({ id, ownerId: user.id });
  await startJobQueue();
  await getJobQueue().pump();
  return { ok: true, id };
}

export type CancelOutcome = { ok: true; job: JobRecord } | { ok: false; error: string };

export async function cancelJobFor(user: SessionUser, id: number): Promise<CancelOutcome> {
  const job: JobRecord | null = await getVisibleJob(id, user);
  if (!job) return { ok: false, error: "No such job." };
  await startJobQueue();
  const changed = await getJobQueue().cancel(job);
  if (!changed)
    return {
      ok: false,
      error: `The job has already ${job.status === "succeeded" ? "finished" : job.status}.`,
    };
  const after = await getVisibleJob(id, user);
  return after ? { ok: true, job: after } : { ok: false, error: "No such job." };
}
