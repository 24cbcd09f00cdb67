import "server-only";
import { z } from "zod";
import { cacheStatsByName, type CacheStats } from "../cache";
import { getDb } from "../db";
import { profilerEnabled } from "./context";
import { requestRecords } from "./recorder";
import { slowestStatements } from "./sql-stats";
import { summarizeRequests, type RouteSummary } from "./stats";

export const PERFORMANCE_WINDOWS = [5, 15, 60] as const;
export const performanceWindowSchema = z
  .enum(PERFORMANCE_WINDOWS.map(String) as ["5", "15", "60"])
  .transform(Number)
  .catch(15);

export interface PerformanceReport {
  minutes: number;
  profilerEnabled: boolean;
  routes: RouteSummary[];
  caches: { name: string; stats: CacheStats; hitRate: number | null }[];
  statements: { sql: string; calls: number; meanMs: number; maxMs: number; plan: string[] }[];
}

/** EXPLAIN QUERY PLAN of a statement the server itself prepared, with the bindings it ran with. */
function queryPlan(sql: string, params: unknown[]): string[] {
  try {
    const rows = getDb()
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params) as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, -1]]);
    return rows.map((row) => {
      const level = (depth.get(row.parent) ?? -1) + 1;
      depth.set(row.id, level);
      return `${"  ".repeat(level)}${row.detail}`;
    });
  } catch (error) {
    return [`(no plan: ${error instanceof Error ? error.message : String(error)})`];
  }
}

/**
 * Slowest routes and actions over the last `minutes`, cache hit rates and the slowest SQL
 * statements with their plans. Request timings are always collected (ring buffer of the last
 * 20,000 requests); SQL statement stats and the db/cache split only with PROFILER=1.
 */
export async function getPerformanceReport(minutes: number): Promise<PerformanceReport> {
  return {
    minutes,
    profilerEnabled,
    routes: summarizeRequests(requestRecords(), Date.now() - minutes * 60_000).slice(0, 30),
    caches: cacheStatsByName().map(({ name, stats }) => {
      const lookups = stats.hits + stats.joined + stats.misses;
      return { name, stats, hitRate: lookups ? (stats.hits + stats.joined) / lookups : null };
    }),
    statements: slowestStatements(10).map((stat) => ({
      sql: stat.sql.replace(/\s+/g, " ").trim(),
      calls: stat.calls,
      meanMs: stat.totalMs / stat.calls,
      maxMs: stat.maxMs,
      plan: queryPlan(stat.sql, stat.slowestParams),
    })),
  };
}
