import fs from "node:fs";
import Database from "better-sqlite3";
import type { StandaloneServer } from "./server";

// The fault harness: start a long write, let it run, kill -9 the process, then check the file.
// `killDuringWrite` kills after a fixed time; a write that reports its own progress (the CSV
// import's NDJSON lines, a job's progress column) is killed at a chosen point with `killServer`.

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

/** kill -9 of the server's whole process group; resolves once it has exited. */
export async function killServer(server: StandaloneServer): Promise<number | string> {
  if (server.child.pid) process.kill(-server.child.pid, "SIGKILL");
  return server.exited;
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined (which it
 * returns), or throws after `timeoutMs` with `what` in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
