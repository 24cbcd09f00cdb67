import "server-only";
import {
  claimNextQueuedJob,
  markJobCancelled,
  markJobFailed,
  markJobSucceeded,
  updateJobProgress,
  type JobRecord,
} from "../data/jobs";

// The job queue: at most `concurrency` jobs run at once, the others wait in FIFO order (their
// order lives in SQLite, so a restart keeps it). How a job runs is the runner's business (worker
// threads in production, lib/jobs/runner.ts; a fake in the tests).

export type RunOutcome =
  | { ok: true; result: unknown; message: string; fileName?: string; fileBytes?: number }
  | { ok: false; error: string };

export interface RunHandle {
  /** Settles when the work ends; never rejects. */
  done: Promise<RunOutcome>;
  /**
   * Stops the work: `done` must then settle soon (the worker runner terminates a worker that has
   * not stopped within a grace period); the job keeps its slot until it does.
   */
  cancel(): void;
}

export type JobRunner = (
  job: JobRecord,
  onProgress: (progress: number, message: string) => void,
) => RunHandle;

export class JobQueue {
  private readonly running = new Map<number, RunHandle>();
  /** Cancelled jobs whose work has not stopped yet: they keep their slot until it has. */
  private readonly stopping = new Set<number>();
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly runner: JobRunner,
    private readonly concurrency: number,
    private readonly notify: (job: { id: number; ownerId: number }) => void,
    /** Called after a job ends (cleanup of an export's partial file, for example). */
    private readonly onEnded: (
      job: JobRecord,
      outcome: "succeeded" | "failed" | "cancelled",
    ) => void = () => {},
  ) {}

  /** Ids of the jobs this process is running. */
  runningIds(): number[] {
    return [...this.running.keys()];
  }

  /**
   * Starts queued jobs while slots are free. Serialized: two calls never claim concurrently, so the
   * limit holds however many starts and completions arrive at once. Resolves when the claims are done.
   */
  pump(): Promise<void> {
    this.chain = this.chain
      .then(() => this.fill())
      .catch((error: unknown) => console.error("job queue", error));
    return this.chain;
  }

  /** Cancels a queued or running job; false when it had already ended. */
  async cancel(job: { id: number; ownerId: number }): Promise<boolean> {
    const handle = this.running.get(job.id);
    const changed = await markJobCancelled(job.id);
    if (handle) {
      this.running.delete(job.id);
      this.stopping.add(job.id);
      handle.cancel();
      void handle.done.finally(() => {
        this.stopping.delete(job.id);
        void this.pump();
      });
    }
    if (changed) this.notify(job);
    return changed;
  }

  /**
   * For a server shutdown: claims no more jobs, stops the running ones and marks them failed with
   * a message saying why, so none is left "running" (start-up would otherwise find and fail them).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const handles = [...this.running];
    this.running.clear();
    for (const [, handle] of handles) handle.cancel();
    await Promise.allSettled(handles.map(([, handle]) => handle.done));
    for (const [id] of handles) await markJobFailed(id, "Stopped by a server shutdown. Start it again.");
  }

  private async fill(): Promise<void> {
    if (this.stopped) return;
    while (this.running.size + this.stopping.size < this.concurrency) {
      const job = await claimNextQueuedJob();
      if (!job) return;
      this.notify(job);
      this.start(job);
    }
  }

  private start(job: JobRecord): void {
    let handle: RunHandle;
    try {
      handle = this.runner(job, (progress, message) => {
        if (!this.running.has(job.id)) return;
        void updateJobProgress(job.id, progress, message).then((changed) => changed && this.notify(job));
      });
    } catch (error) {
      console.error(`job ${job.id} could not start`, error);
      handle = { done: Promise.resolve({ ok: false, error: "The job could not start." }), cancel: () => {} };
    }
    this.running.set(job.id, handle);
    void handle.done.then(async (outcome) => {
      // A cancelled job was already removed and marked; its late outcome is dropped.
      if (this.running.get(job.id) !== handle) return this.onEnded(job, "cancelled");
      this.running.delete(job.id);
      const changed = outcome.ok
        ? await markJobSucceeded(job.id, outcome)
        : await markJobFailed(job.id, outcome.error);
      if (changed) this.notify(job);
      this.onEnded(job, outcome.ok ? "succeeded" : "failed");
      await this.pump();
    });
  }
}
