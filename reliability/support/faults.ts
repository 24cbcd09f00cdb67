import fs from "node:fs";
import Database from "better-sqlite3";
import type { StandaloneServer } from "./server";

// The fault harness. Other features (CSV import, jobs) plug their long writes into
// `killDuringWrite`: start the write, let it run, kill -9 the process, then check the file.

/** PRAGMA integrity_check of `file` through a fresh connection ("ok" when intact). */
export function integrityCheck(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return (db.prepare("PRAGMA integrity_check").pluck().all() as string[]).join("; ");
  } finally {
    db.close();
  }
}

/**
 * Runs `write` against `server` (it should keep writing until stopped and report what was
 * acknowledged as committed), kills the server's process group with SIGKILL after `afterMs`, and
 * returns what `write` had reported by then.
 */
export async function killDuringWrite<T>(
  server: StandaloneServer,
  afterMs: number,
  write: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const writing = write(controller.signal);
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  if (server.child.pid) process.kill(-server.child.pid, "SIGKILL");
  await server.exited;
  controller.abort();
  return writing;
}

/** Makes `file` (and its folder) unwritable for the server, as a read-only volume would be. */
export function makeReadOnly(file: string): void {
  fs.chmodSync(file, 0o444);
}
