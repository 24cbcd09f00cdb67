// Entry point of a job's worker thread (started by lib/jobs/runner.ts). Plain JavaScript so Next.js
// neither bundles nor rewrites it: the server resolves this file from process.cwd() at run time.
// The worker opens its own read-only connection to the database (WAL lets it read while the server
// writes) and never writes to it: progress and the result go back to the server thread as messages,
// and the server thread is the one writer of the jobs table.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { runExport } from "./export.mjs";
import { runForecast } from "./forecast.mjs";
import { runProfile } from "./profile.mjs";

class JobCancelled extends Error {}

const RUNNERS = { forecast: runForecast, profile: runProfile, export: runExport };

function main() {
  const { kind, databaseFile, params, cancelFlag } = workerData;
  const run = RUNNERS[kind];
  if (!run) throw new Error(`unknown job kind ${kind}`);
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.pragma("cache_size = -65536");
    let lastProgress = -1;
    let lastMessage = "";
    let lastSent = 0;
    const onProgress = (progress, message) => {
      // The server sets the flag to cancel: stopping here, between chunks, lets the job's finally
      // blocks close its files (terminate() would leak an export's file descriptor). A job stuck
      // in one long query is terminated after a grace period instead.
      if (Atomics.load(cancelFlag, 0) === 1) throw new JobCancelled();
      const value = Math.max(0, Math.min(99, Math.floor(progress)));
      const now = Date.now();
      // At most ~10 messages a second: each becomes a database write and an event to every viewer.
      if (value === lastProgress && (message === lastMessage || now - lastSent < 250)) return;
      if (value !== lastProgress && now - lastSent < 100 && message === lastMessage) return;
      lastProgress = value;
      lastMessage = message;
      lastSent = now;
      parentPort.postMessage({ type: "progress", progress: value, message });
    };
    const result = run(db, params, onProgress);
    parentPort.postMessage({ type: "done", result });
  } finally {
    db.close();
  }
}

try {
  main();
} catch (error) {
  if (error instanceof JobCancelled) parentPort.postMessage({ type: "cancelled" });
  else
    parentPort.postMessage({
      type: "error",
      message: error instanceof Error ? error.message : String(error),
      // Messages of plain Errors are written for users (see the runners); others (SQLite's) are not.
      expected: error instanceof Error && error.constructor === Error,
      stack: error instanceof Error ? error.stack : undefined,
    });
}
