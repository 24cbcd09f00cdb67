import "server-only";
import type Database from "better-sqlite3";
import { currentTiming, profilerEnabled } from "./context";

export interface SqlStat {
  sql: string;
  calls: number;
  totalMs: number;
  maxMs: number;
  /** The bindings of the slowest call, to explain the plan it actually got. */
  slowestParams: unknown[];
}

const MAX_STATEMENTS = 500;
const globalForSql = globalThis as typeof globalThis & { chartroomSqlStats?: Map<string, SqlStat> };
const sqlStats = (globalForSql.chartroomSqlStats ??= new Map<string, SqlStat>());

const TIMED = new Set(["get", "all", "run"]);
const timed = new WeakMap<Database.Statement, Database.Statement>();

function record(sql: string, ms: number, params: unknown[]): void {
  const timing = currentTiming();
  if (timing) {
    timing.dbMs += ms;
    timing.dbCalls++;
  }
  let stat = sqlStats.get(sql);
  if (!stat) {
    if (sqlStats.size >= MAX_STATEMENTS) return;
    stat = { sql, calls: 0, totalMs: 0, maxMs: 0, slowestParams: [] };
    sqlStats.set(sql, stat);
  }
  stat.calls++;
  stat.totalMs += ms;
  if (ms >= stat.maxMs) {
    stat.maxMs = ms;
    stat.slowestParams = params;
  }
}

/**
 * With PROFILER=1, the statement with get/all/run timed (into the request's context and the
 * per-statement stats); otherwise the statement itself, so the profiler costs nothing when off.
 */
export function timedStatement(sql: string, prepared: Database.Statement): Database.Statement {
  if (!profilerEnabled) return prepared;
  let wrapper = timed.get(prepared);
  if (!wrapper) {
    wrapper = new Proxy(prepared, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (typeof property !== "string" || !TIMED.has(property)) return value.bind(target);
        return (...params: unknown[]) => {
          const start = performance.now();
          try {
            return (value as (...args: unknown[]) => unknown).apply(target, params);
          } finally {
            record(sql, performance.now() - start, params);
          }
        };
      },
    });
    timed.set(prepared, wrapper);
  }
  return wrapper;
}

/** The statements with the highest single-call time since start. */
export function slowestStatements(limit: number): SqlStat[] {
  return [...sqlStats.values()].sort((a, b) => b.maxMs - a.maxMs).slice(0, limit);
}
