import "server-only";
import type Database from "better-sqlite3";
import { openDatabase } from "../db/connection";
import { env } from "./env";
import { timedStatement } from "./profiling/sql-stats";

// One connection per server process: better-sqlite3 is synchronous and SQLite serializes writers
// anyway, so a pool would only add lock contention. Kept on globalThis so dev-mode hot reloads do
// not leak connections.
const globalForDb = globalThis as typeof globalThis & { chartroomDb?: Database.Database };

export function getDb(): Database.Database {
  globalForDb.chartroomDb ??= openDatabase(env.databaseFile);
  return globalForDb.chartroomDb;
}

const statements = new Map<string, Database.Statement>();

/**
 * A prepared statement for `sql`, compiled once per process. Callers build SQL only from fixed
 * fragments and placeholder counts, never from values, so the set of distinct texts stays small.
 * With PROFILER=1 its calls are timed (lib/profiling/sql-stats.ts); otherwise it is returned as is.
 */
export function statement(sql: string): Database.Statement {
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = getDb().prepare(sql);
    if (statements.size > 500) statements.clear();
    statements.set(sql, prepared);
  }
  return timedStatement(sql, prepared);
}

/**
 * Graceful shutdown's last step: folds the write-ahead log back into the database file
 * (wal_checkpoint(TRUNCATE) leaves an empty -wal file) and closes the connection, so a stopped
 * server leaves one self-contained file on its volume.
 */
export function closeDb(): void {
  const db = globalForDb.chartroomDb;
  if (!db) return;
  globalForDb.chartroomDb = undefined;
  statements.clear();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}
