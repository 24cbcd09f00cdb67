import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { createRandom, generateDemoData } from "../../db/demo-data";
import type { OverviewFilters } from "../overview/filters";

// The Overview's live opt-in: with live=1 the KPIs count orders UNION ALL live_orders over the
// window. Expected values are plain SQL over the raw tables written here.

let dir: string;
let raw: Database.Database;
let getOverviewData: typeof import("./overview").getOverviewData;

const TODAY = "2026-03-01";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-overview-live-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  generateDemoData(db, { rows: 5_000 });
  db.close();
  process.env.DATABASE_PATH = file;
  process.env.CACHE_TTL_MS = "60000";
  ({ getOverviewData } = await import("./overview"));
  const { createLiveWriter } = await import("../live/simulator");
  raw = new Database(file);
  // 2 minutes of the feed "today", and a hand-made live order in 2025 so the window filter matters.
  const writer = createLiveWriter(raw, 5, createRandom(9));
  const start = Date.parse(`${TODAY}T09:00:00Z`);
  for (let i = 0; i < 120; i++) writer.tick(start + i * 1000, start + (i + 1) * 1000);
  raw
    .prepare(
      "INSERT INTO live_orders (day, store_id, product_id, channel, quantity, revenue, cost, created_at) VALUES ('2025-06-15', 2, 3, 'Online', 1, 12.34, 5.67, ?)",
    )
    .run(start);
});

afterAll(() => {
  raw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectedTotals(f: OverviewFilters, tables: string) {
  const clauses = ["o.day BETWEEN ? AND ?"];
  const params: string[] = [f.from, f.to];
  for (const [column, values] of [
    ["s.region", f.regions],
    ["p.category", f.categories],
    ["o.channel", f.channels],
  ] as const) {
    if (!values.length) continue;
    clauses.push(`${column} IN (${values.map(() => "?").join(",")})`);
    params.push(...values);
  }
  return raw
    .prepare(
      `SELECT COUNT(*) AS orders, COALESCE(SUM(o.revenue), 0) AS revenue, COALESCE(SUM(o.cost), 0) AS cost
         FROM (${tables}) o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id
        WHERE ${clauses.join(" AND ")}`,
    )
    .get(params) as { orders: number; revenue: number; cost: number };
}

const BOTH =
  "SELECT day, store_id, product_id, channel, revenue, cost FROM orders UNION ALL SELECT day, store_id, product_id, channel, revenue, cost FROM live_orders";
const HISTORY = "SELECT day, store_id, product_id, channel, revenue, cost FROM orders";

const base: OverviewFilters = {
  regions: [],
  categories: [],
  channels: [],
  from: "2025-03-02",
  to: TODAY,
  granularity: "month",
};

describe("Overview KPIs with today's live orders (live=1)", () => {
  const cases: [string, OverviewFilters][] = [
    ["the whole window", base],
    ["a region and a channel", { ...base, regions: ["West", "North"], channels: ["Online"] }],
    ["a category, today only", { ...base, categories: ["Electronics", "Books"], from: TODAY }],
  ];
  for (const [label, filters] of cases) {
    it(`equal SQL over orders UNION ALL live_orders for ${label}`, async () => {
      const data = await getOverviewData({ ...filters, live: true });
      const expected = expectedTotals(filters, BOTH);
      const history = expectedTotals(filters, HISTORY);
      expect(expected.orders).toBeGreaterThan(history.orders); // the live rows are in the window
      expect(data.kpis.orders.value).toBe(expected.orders);
      expect(Math.round(data.kpis.revenue.value! * 100)).toBe(Math.round(expected.revenue * 100));
      expect(data.kpis.margin.value).toBeCloseTo((expected.revenue - expected.cost) / expected.revenue, 9);
    });
  }

  it("leaves the default Overview on the historical orders only", async () => {
    const data = await getOverviewData(base);
    const history = expectedTotals(base, HISTORY);
    expect(data.kpis.orders.value).toBe(history.orders);
    expect(Math.round(data.kpis.revenue.value! * 100)).toBe(Math.round(history.revenue * 100));
  });

  it("sees new live orders at once (the cache key follows the live table)", async () => {
    const filters = { ...base, from: TODAY, live: true };
    const before = await getOverviewData(filters);
    const { createLiveWriter } = await import("../live/simulator");
    const start = Date.parse(`${TODAY}T10:00:00Z`);
    createLiveWriter(raw, 5, createRandom(4)).tick(start, start + 1000);
    const after = await getOverviewData(filters);
    expect(after.kpis.orders.value).toBe(before.kpis.orders.value! + 5);
    expect(after.kpis.orders.value).toBe(expectedTotals(filters, BOTH).orders);
  });
});

describe("the live=1 URL parameter", () => {
  it("opts in with live=1, stays out by default and explains anything else", async () => {
    const { parseOverviewQuery, overviewQueryString } = await import("../overview/filters");
    const defaults = { from: "2025-01-01", to: "2025-12-31" };
    const on = parseOverviewQuery({ live: "1" }, defaults);
    expect(on.filters.live).toBe(true);
    expect(overviewQueryString(on.filters, defaults)).toBe("live=1");
    expect(parseOverviewQuery({}, defaults).filters.live).toBeUndefined();
    expect(parseOverviewQuery({ live: "yes" }, defaults).problems).toEqual([
      "Unknown live option “yes”; use live=1 to include today's live orders.",
    ]);
  });
});
