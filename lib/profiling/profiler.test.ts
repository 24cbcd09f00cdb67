import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import type { RequestTiming } from "./context";

// PROFILER=1 against a real SQLite file: statements run inside a request's timing context are
// timed into it, and the report explains the slowest ones with the plan SQLite gives.

let dir: string;
let modules: {
  statement: typeof import("../db").statement;
  timingStore: typeof import("./context").timingStore;
  getPerformanceReport: typeof import("./report").getPerformanceReport;
  LruCache: typeof import("../cache").LruCache;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-profiler-"));
  const file = path.join(dir, "test.db");
  openDatabase(file).close();
  process.env.DATABASE_PATH = file;
  process.env.PROFILER = "1";
  modules = {
    ...(await import("../db")),
    ...(await import("./context")),
    ...(await import("./report")),
    ...(await import("../cache")),
  };
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const newTiming = (): RequestTiming => ({
  start: performance.now(),
  method: "GET",
  name: "test",
  kind: "page",
  dbMs: 0,
  dbCalls: 0,
  cacheMs: 0,
  cacheHits: 0,
  cacheMisses: 0,
  handlerMs: null,
});

describe("profiler (PROFILER=1)", () => {
  it("times SQL and cache look-ups into the current request only", async () => {
    const { statement, timingStore, LruCache } = modules;
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 60_000, name: "profiler-test" });
    const timing = newTiming();
    await timingStore.run(timing, async () => {
      statement("SELECT COUNT(*) AS n FROM live_orders WHERE created_at >= ?").get(0);
      statement("SELECT id FROM stores WHERE region = ?").all("West");
      await cache.getOrCompute("a", () => 1);
      await cache.getOrCompute("a", () => 2);
    });
    expect(timing.dbCalls).toBe(2);
    expect(timing.dbMs).toBeGreaterThan(0);
    expect(timing.cacheHits).toBe(1);
    expect(timing.cacheMisses).toBe(1);
    // Outside a request nothing is attributed to it.
    statement("SELECT id FROM stores WHERE region = ?").all("East");
    expect(timing.dbCalls).toBe(2);
  });

  it("reports the slowest statements with their EXPLAIN QUERY PLAN and the named caches", async () => {
    const report = await modules.getPerformanceReport(5);
    expect(report.profilerEnabled).toBe(true);
    const live = report.statements.find((s) => s.sql.startsWith("SELECT COUNT(*) AS n FROM live_orders"));
    expect(live?.calls).toBe(1);
    expect(live?.plan.join("\n")).toMatch(/live_orders USING (COVERING )?INDEX live_orders_created_at/);
    const stores = report.statements.find((s) => s.sql.startsWith("SELECT id FROM stores"));
    expect(stores?.calls).toBe(2);
    expect(report.caches.find((c) => c.name === "profiler-test")).toMatchObject({
      hitRate: 0.5,
      stats: { hits: 1, misses: 1 },
    });
  });
});
