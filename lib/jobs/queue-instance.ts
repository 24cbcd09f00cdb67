import "server-only";
import fs from "node:fs";
import { failInterruptedJobs } from "../data/jobs";
import { env } from "../env";
import { publishJobChange } from "./events";
import { JobQueue } from "./queue";
import { exportFilePath, workerRunner } from "./runner";

// The process's one job queue, on globalThis: Next.js gives instrumentation, actions and route
// handlers their own copies of this module, and they must share the running jobs.
const globalForQueue = globalThis as typeof globalThis & {
  chartroomJobQueue?: JobQueue;
  chartroomJobQueueStarted?: Promise<void>;
};

function removeExportFile(jobId: number): void {
  fs.rmSync(exportFilePath(jobId), { force: true });
}

export function getJobQueue(): JobQueue {
  globalForQueue.chartroomJobQueue ??= new JobQueue(
    workerRunner,
    env.JOB_CONCURRENCY,
    publishJobChange,
    (job, outcome) => {
      if (job.kind === "export" && outcome !== "succeeded") removeExportFile(job.id);
    },
  );
  return globalForQueue.chartroomJobQueue;
}

/**
 * Start-up (instrumentation.ts): jobs left "running" by a crash or restart are marked failed (no
 * worker survives its process) and their partial exports removed; then the queue resumes with the
 * jobs still queued. Runs once per process.
 */
export function startJobQueue(): Promise<void> {
  globalForQueue.chartroomJobQueueStarted ??= (async () => {
    for (const id of await failInterruptedJobs()) removeExportFile(id);
    await getJobQueue().pump();
  })();
  return globalForQueue.chartroomJobQueueStarted;
}
