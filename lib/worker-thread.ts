import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

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
 * Tables from this many rows have their long scans read on a worker thread; below, a scan takes
 * a few ms and starting a worker (~100 ms here) would cost more than it saves.
 */
export const OFF_THREAD_ROWS = 50_000;

/**
 * The rows of each query (built by the server, read-only) over a table of `tableRows` rows: for a
 * big table on a worker thread's own read-only connection to the database file of `db`, in one
 * read transaction, so the event loop stays free; else on `db`, yielding between queries.
 */
export async function readQueries<Row>(
  db: Database.Database,
  queries: readonly Query[],
  tableRows: number,
): Promise<Row[][]> {
  if (tableRows >= OFF_THREAD_ROWS)
    return runWorker<Row[][]>(workerScript("query-worker.mjs"), { databaseFile: db.name, queries });
  const results: Row[][] = [];
  for (const query of queries) {
    await new Promise((resolve) => setImmediate(resolve));
    results.push(db.prepare(query.sql).all(...query.params) as Row[]);
  }
  return results;
}
