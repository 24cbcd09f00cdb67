import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { generateDemoData } from "../../db/demo-data";
import type { OverviewFilters } from "../overview/filters";

// computeProfit against SQL written here over the raw orders: no rollup, no code under test.

let dir: string;
let raw: Database.Database;
let computeProfit: typeof import("./dashboard").computeProfit;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-dashboard-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  generateDemoData(db, { rows: 20_000 });
  // A late correction through the live triggers: the store rollups must follow it.
  db.prepare("UPDATE orders SET cost = cost + 1.25 WHERE id IN (10, 500, 9000)").run();
  db.close();
  process.env.DATABASE_PATH = file;
  ({ computeProfit } = await import("./dashboard"));
  raw = new Database(file, { readonly: true });
});

afterAll(() => {
  raw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expected(f: OverviewFilters, groupBy: string) {
  let sql = "WHERE o.day BETWEEN ? AND ?";
  const params: string[] = [f.from, f.to];
  for (const [column, values] of [
    ["s.region", f.regions],
    ["p.category", f.categories],
    ["o.channel", f.channels],
  ] as const) {
    if (!values.length) continue;
    sql += ` AND ${column} IN (${values.map(() => "?").join(",")})`;
    params.push(...values);
  }
  return raw
    .prepare(
      `SELECT ${groupBy} AS k, SUM(o.revenue) AS revenue, SUM(o.cost) AS cost, COUNT(*) AS orders
         FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id
         ${sql} GROUP BY k`,
    )
    .all(params) as { k: string | number; revenue: number; cost: number; orders: number }[];
}

const CASES: [string, OverviewFilters][] = [
  [
    "the default year",
    { regions: [], categories: [], channels: [], from: "2025-01-01", to: "2025-12-31", granularity: "week" },
  ],
  [
    "an unaligned range with every dimension filtered",
    {
      regions: ["North", "West"],
      categories: ["Books", "Grocery"],
      channels: ["Online"],
      from: "2023-03-17",
      to: "2024-11-05",
      granularity: "month",
    },
  ],
  [
    "a single day",
    {
      regions: [],
      categories: [],
      channels: ["Partner"],
      from: "2024-02-29",
      to: "2024-02-29",
      granularity: "day",
    },
  ],
  [
    "a period without data",
    { regions: [], categories: [], channels: [], from: "2019-01-01", to: "2019-12-31", granularity: "week" },
  ],
];

describe("computeProfit", () => {
  it.each(CASES)("equals SQL over raw orders for %s: cost and profit by region", (_, f) => {
    const want = new Map(expected(f, "s.region").map((r) => [r.k, r]));
    const got = computeProfit(f).byRegion;
    expect(got.map((r) => r.name).sort()).toEqual([...want.keys()].sort());
    for (const row of got) {
      const w = want.get(row.name)!;
      expect(row.revenue).toBeCloseTo(w.revenue, 2);
      expect(row.cost).toBeCloseTo(w.cost, 2);
      expect(row.profit).toBeCloseTo(w.revenue - w.cost, 2);
    }
  });

  it.each(CASES)("equals SQL over raw orders for %s: cost, profit and orders by store", (_, f) => {
    const want = new Map(expected(f, "s.id").map((r) => [r.k, r]));
    const got = computeProfit(f).byStore;
    expect(got).toHaveLength(want.size);
    for (const row of got) {
      const w = want.get(row.id)!;
      expect(row.orders).toBe(w.orders);
      expect(row.cost).toBeCloseTo(w.cost, 2);
      expect(row.profit).toBeCloseTo(w.revenue - w.cost, 2);
    }
    const profits = got.map((r) => r.profit);
    expect(profits).toEqual([...profits].sort((a, b) => b - a));
  });

  it.each(CASES)("equals SQL over raw orders for %s: profit over time sums to the total", (_, f) => {
    const total = expected(f, "1")[0];
    const series = computeProfit(f).timeseries;
    const sum = series.profit.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(total ? total.revenue - total.cost : 0, 1);
    expect(series.x).toHaveLength(series.profit.length);
  });

  it("puts each bucket's profit in the right month", () => {
    const f: OverviewFilters = {
      regions: [],
      categories: [],
      channels: [],
      from: "2024-01-01",
      to: "2024-12-31",
      granularity: "month",
    };
    const want = new Map(expected(f, "substr(o.day, 1, 7) || '-01'").map((r) => [r.k, r.revenue - r.cost]));
    const series = computeProfit(f).timeseries;
    series.x.forEach((bucket, i) => expect(series.profit[i]).toBeCloseTo(want.get(bucket) ?? 0, 2));
  });
});
