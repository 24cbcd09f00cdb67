import "server-only";
import type Database from "better-sqlite3";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

/** Stops start-up with one line on stderr naming the problem, and exit code 1. */
function refuseToStart(problem: string): never {
  process.stderr.write(`Chartroom cannot start: ${problem}\n`);
  process.exit(1);
}

/** Why the database cannot be opened, as one line; SQLite's own message names the cause. */
function databaseProblem(error: unknown): string {
  const code = String((error as { code?: unknown }).code ?? "");
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  if (code.startsWith("SQLITE_READONLY") || code === "EACCES" || code === "EROFS")
    return `the database at DATABASE_PATH is not writable (${message}): give the server's user write access to the file and its folder.`;
  if (code.startsWith("SQLITE_CANTOPEN"))
    return `the database at DATABASE_PATH cannot be opened (${message}): check that its folder exists and is writable.`;
  if (code === "SQLITE_FULL")
    return "the disk holding DATABASE_PATH is full: free some space, then start again.";
  return `the database at DATABASE_PATH could not be prepared (${code || "error"}: ${message}).`;
}

function accessLog(log: Logger) {
  return (request: IncomingMessage, response: ServerResponse, durationMs: number): void => {
    const requestId = response.getHeader("x-request-id");
    // Static assets (which proxy.ts does not see, so they have no request id) only at debug level.
    log[requestId ? "info" : "debug"](
      {
        requestId,
        method: request.method,
        // The path only: query strings can carry callback URLs and filter values.
        path: (request.url ?? "").split("?")[0],
        status: response.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      },
      "request",
    );
  };
}

/**
 * What instrumentation.ts runs once per server process. The modules are imported here, one by one,
 * because lib/env.ts validates every setting as it loads: its ConfigError must become the one
 * start-up line rather than a stack trace.
 */
export async function startServerProcess(): Promise<void> {
  try {
    await import("./env");
  } catch (error) {
    if (error instanceof Error && error.name === "ConfigError") refuseToStart(error.message);
    throw error;
  }
  const { env } = await import("./env");
  const { assertProductionReady } = await import("./startup");
  assertProductionReady();

  const { openDatabase } = await import("../db/connection");
  let db: Database.Database;
  try {
    db = openDatabase(env.databaseFile);
  } catch (error) {
    refuseToStart(databaseProblem(error));
  }
  // The migrating connection also removes datasets a crash left half-imported, before any request
  // can list them; the server's own connection (lib/db.ts) opens with the first query.
  try {
    const { removeUnfinishedImports } = await import("./datasets/cleanup");
    removeUnfinishedImports(db);
  } finally {
    db.close();
  }

  const { log } = await import("./log");
  const { closeDb } = await import("./db");
  const { installGracefulShutdown, onShutdown } = await import("./shutdown");
  // Registered first, so it runs last: background work stops before the database closes.
  onShutdown("database", closeDb);
  installGracefulShutdown({
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    onRequestEnd: accessLog(log),
    handleSignals: env.NODE_ENV === "production",
  });
  log.info({ port: env.PORT, nodeEnv: env.NODE_ENV }, "server started");
}
