import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * A script of lib/jobs/workers/: plain JavaScript resolved from the working directory at run
 * time, never bundled (the standalone build and the Docker image copy that folder).
 */
export function workerScript(name: string): string {
  return path.join(process.cwd(), "lib", "jobs", "workers", name);
}

/**
 * Runs `script` once in a worker thread, so its long synchronous SQLite work never blocks the
 * event loop, and resolves with the one message it posts; rejects if it throws or exits without.
 */
export function runWorker<T>(script: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(script, { workerData });
    let result: { value: T } | null = null;
    worker.on("message", (message: T) => (result = { value: message }));
    worker.on("error", reject);
    worker.on("exit", (code) =>
      result ? resolve(result.value) : reject(new Error(`${path.basename(script)} exited with code ${code}`)),
    );
  });
}

export interface Query {
  sql: string;
  params: readonly (string | number | null)[];
}

/**
 * The rows of each query (built by the server, read-only), run in one read transaction on a
 * worker thread's own connection to `databaseFile`.
 */
export function runQueriesInWorker<Row>(databaseFile: string, queries: readonly Query[]): Promise<Row[][]> {
  return runWorker<Row[][]>(workerScript("query-worker.mjs"), { databaseFile, queries });
}
