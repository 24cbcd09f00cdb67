import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { cubeColumns } from "../../db/rollup-layout";
import { getReadableDataset } from "../data/datasets";
import type { JobRecord } from "../data/jobs";
import { env } from "../env";
import { normalizeFilters } from "../overview/filters";
import { workerScript } from "../worker-thread";
import { REGIONS } from "../retail";
import { FORECAST_HISTORY_DAYS, FORECAST_HORIZON_DAYS, startJobSchema } from "./kinds";
import type { JobRunner, RunHandle, RunOutcome } from "./queue";

// Runs each job in its own worker thread, so a forecast or an export of millions of rows never
// blocks the server's event loop. The worker script is plain JavaScript resolved from the working
// directory at run time: Next.js does not bundle it (a standalone build must copy lib/jobs/workers/
// next to server.js; see the README).

export const WORKER_SCRIPT = workerScript("job-worker.mjs");

/** After a cancel, a worker stuck inside one long query gets this long to stop by itself. */
const CANCEL_GRACE_MS = 2_000;

/** Export files live beside the database, named by the server from the job id only. */
export function exportsDirectory(): string {
  return path.join(path.dirname(env.databaseFile), "exports");
}

export function exportFileName(jobId: number): string {
  if (!Number.isSafeInteger(jobId) || jobId <= 0) throw new Error(`invalid job id ${jobId}`);
  return `job-${jobId}.csv`;
}

export function exportFilePath(jobId: number): string {
  return path.join(exportsDirectory(), exportFileName(jobId));
}

type Prepared =
  { ok: true; workerParams: unknown; finish: (result: unknown) => RunOutcome } | { ok: false; error: string };

const revenueColumns = cubeColumns.filter((column) => column.startsWith("revenue_"));

/** Turns a job's stored parameters into the worker's input, re-checking what may have changed. */
async function prepare(job: JobRecord): Promise<Prepared> {
  const parsed = startJobSchema.safeParse({ kind: job.kind, ...(job.params as object) });
  if (!parsed.success) return { ok: false, error: "The job's parameters are no longer valid." };
  const input = parsed.data;
  switch (input.kind) {
    case "forecast":
      return {
        ok: true,
        workerParams: {
          revenueColumns,
          regions: REGIONS,
          horizon: FORECAST_HORIZON_DAYS,
          historyDays: FORECAST_HISTORY_DAYS,
        },
        finish: (result) => ({
          ok: true,
          result,
          message: `Forecast of the next ${FORECAST_HORIZON_DAYS} days`,
        }),
      };
    case "profile": {
      // The owner may have lost access since queueing (dataset deleted or made private).
      const dataset = await getReadableDataset(input.datasetId, {
        id: job.ownerId,
        username: "",
        role: "viewer",
      });
      if (!dataset) return { ok: false, error: "The dataset no longer exists or is no longer readable." };
      return {
        ok: true,
        workerParams: {
          dataset: {
            id: dataset.id,
            name: dataset.name,
            columns: dataset.columns.map(({ position, name, type }) => ({ position, name, type })),
          },
        },
        finish: (result) => ({
          ok: true,
          result,
          message: `${dataset.columns.length} columns, ${(result as { rowCount: number }).rowCount.toLocaleString("en-US")} rows`,
        }),
      };
    }
    case "export": {
      fs.mkdirSync(exportsDirectory(), { recursive: true });
      const fileName = exportFileName(job.id);
      return {
        ok: true,
        workerParams: { filters: normalizeFilters(input.filters), file: exportFilePath(job.id) },
        finish: (result) => {
          const { rows, bytes } = result as { rows: number; bytes: number };
          return {
            ok: true,
            result: { rows },
            fileName,
            fileBytes: bytes,
            message: `${rows.toLocaleString("en-US")} orders exported`,
          };
        },
      };
    }
  }
}

type WorkerMessage =
  | { type: "progress"; progress: number; message: string }
  | { type: "done"; result: unknown }
  | { type: "cancelled" }
  | { type: "error"; message: string; expected: boolean; stack?: string };

export const workerRunner: JobRunner = (job, onProgress): RunHandle => {
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | null = null;
  let cancelled = false;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const done = (async (): Promise<RunOutcome> => {
    const prepared = await prepare(job);
    if (!prepared.ok) return prepared;
    if (cancelled) return { ok: false, error: "Cancelled" };
    return new Promise<RunOutcome>((resolve) => {
      let outcome: RunOutcome | null = null;
      worker = new Worker(WORKER_SCRIPT, {
        workerData: {
          kind: job.kind,
          databaseFile: env.databaseFile,
          params: prepared.workerParams,
          cancelFlag,
        },
      });
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "progress") onProgress(message.progress, message.message);
        else if (message.type === "done") outcome = prepared.finish(message.result);
        else if (message.type === "cancelled") outcome = { ok: false, error: "Cancelled" };
        else {
          if (!message.expected)
            console.error(`job ${job.id} (${job.kind}) failed`, message.stack ?? message.message);
          outcome = {
            ok: false,
            error: message.expected
              ? message.message
              : "The job failed unexpectedly. The server log has the details.",
          };
        }
      });
      worker.on("error", (error) => {
        console.error(`job ${job.id} (${job.kind}) worker error`, error);
        outcome ??= { ok: false, error: "The job failed unexpectedly. The server log has the details." };
      });
      worker.on("exit", () => {
        clearTimeout(graceTimer);
        resolve(
          outcome ?? { ok: false, error: cancelled ? "Cancelled" : "The job's worker stopped unexpectedly." },
        );
      });
    });
  })().catch((error: unknown): RunOutcome => {
    console.error(`job ${job.id} (${job.kind}) could not run`, error);
    return { ok: false, error: "The job could not run. The server log has the details." };
  });

  return {
    done,
    cancel() {
      cancelled = true;
      Atomics.store(cancelFlag, 0, 1);
      const running = worker as Worker | null;
      if (running) graceTimer = setTimeout(() => void running.terminate(), CANCEL_GRACE_MS);
    },
  };
};
