import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { generateDemoData } from "../../db/demo-data";
import { wholeDemoPeriod, type OverviewFilters } from "../overview/filters";

// Every figure of the store panel is checked against SQL written here over the raw orders joined
// with stores and products: no rollup table and no code under test computes an expected value.

let dir: string;
let raw: Database.Database;
let stores: typeof import("./stores");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-stores-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  generateDemoData(db, { rows: 30_000 });
  // Written with the live triggers on top of the bulk-loaded rollups: a store's first and only
  // order of a month, and a later correction of it.
  const insert = db.prepare(
    "INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost) VALUES (?, ?, ?, ?, 1, ?, ?)",
  );
  insert.run("2026-02-14", 7, 3, "Partner", 123.45, 100);
  insert.run("2026-02-15", 7, 4, "Online", 10, 4);
  db.prepare("UPDATE orders SET revenue = 23.45 WHERE day = '2026-02-15'").run();
  db.close();
  process.env.DATABASE_PATH = file;
  stores = await import("./stores");
  raw = new Database(file, { readonly: true });
});

afterAll(() => {
  raw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const JOINED = "FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

function where(storeId: number, f: OverviewFilters): { sql: string; params: (string | number)[] } {
  let sql = "WHERE o.store_id = ? AND o.day >= ? AND o.day <= ?";
  const params: (string | number)[] = [storeId, f.from, f.to];
  for (const [column, values] of [
    ["s.region", f.regions],
    ["p.category", f.categories],
    ["o.channel", f.channels],
  ] as const) {
    if (values.length === 0) continue;
    sql += ` AND ${column} IN (${values.map(() => "?").join(",")})`;
    params.push(...values);
  }
  return { sql, params };
}

function expected(storeId: number, f: OverviewFilters, bucketSql: string) {
  const w = where(storeId, f);
  const totals = raw
    .prepare(
      `SELECT COUNT(*) AS orders, COALESCE(SUM(o.revenue), 0) AS revenue, COALESCE(SUM(o.cost), 0) AS cost ${JOINED} ${w.sql}`,
    )
    .get(w.params) as { orders: number; revenue: number; cost: number };
  const channels = raw
    .prepare(`SELECT o.channel AS name, SUM(o.revenue) AS revenue ${JOINED} ${w.sql} GROUP BY o.channel`)
    .all(w.params) as { name: string; revenue: number }[];
  const products = raw
    .prepare(
      `SELECT p.id, SUM(o.revenue) AS revenue ${JOINED} ${w.sql} GROUP BY p.id ORDER BY revenue DESC, p.id LIMIT 10`,
    )
    .all(w.params) as { id: number; revenue: number }[];
  const buckets = raw
    .prepare(`SELECT ${bucketSql} AS bucket, SUM(o.revenue) AS revenue ${JOINED} ${w.sql} GROUP BY bucket`)
    .all(w.params) as { bucket: string; revenue: number }[];
  return { totals, channels, products, buckets };
}

const BUCKET_SQL = {
  day: "o.day",
  week: "date(o.day, 'weekday 0', '-6 days')",
  month: "substr(o.day, 1, 8) || '01'",
};

const CASES: { storeId: number; filters: OverviewFilters }[] = [
  {
    storeId: 1,
    filters: {
      regions: [],
      categories: [],
      channels: [],
      from: "2025-01-01",
      to: "2025-12-31",
      granularity: "week",
    },
  },
  {
    storeId: 12,
    filters: {
      regions: [],
      categories: ["Electronics", "Books"],
      channels: ["Online"],
      from: "2023-03-17",
      to: "2024-08-09",
      granularity: "month",
    },
  },
  {
    storeId: 33,
    filters: {
      regions: [],
      categories: [],
      channels: ["In-store", "Partner"],
      from: "2024-02-10",
      to: "2024-04-20",
      granularity: "day",
    },
  },
  {
    storeId: 7,
    filters: {
      regions: [],
      categories: [],
      channels: [],
      from: "2026-02-01",
      to: "2026-02-28",
      granularity: "day",
    },
  },
  {
    storeId: 50,
    filters: wholeDemoPeriod("month"),
  },
];

describe("store panel", () => {
  for (const { storeId, filters } of CASES) {
    it(`equals SQL over the raw orders for store ${storeId}, ${filters.from}..${filters.to} by ${filters.granularity}`, async () => {
      const store = (await stores.getStore(storeId))!;
      const panel = stores.computeStorePanel(store, filters);
      const want = expected(storeId, filters, BUCKET_SQL[filters.granularity]);
      expect(want.totals.orders).toBeGreaterThan(0);

      expect(panel.kpis.orders).toBe(want.totals.orders);
      expect(panel.kpis.revenue).toBeCloseTo(want.totals.revenue, 2);
      expect(panel.kpis.cost).toBeCloseTo(want.totals.cost, 2);
      expect(panel.kpis.profit).toBeCloseTo(want.totals.revenue - want.totals.cost, 2);
      expect(panel.kpis.aov!).toBeCloseTo(want.totals.revenue / want.totals.orders, 6);
      expect(panel.kpis.margin!).toBeCloseTo(
        (want.totals.revenue - want.totals.cost) / want.totals.revenue,
        6,
      );

      expect(panel.channels.map((c) => c.name).sort()).toEqual(want.channels.map((c) => c.name).sort());
      for (const c of want.channels)
        expect(panel.channels.find((x) => x.name === c.name)!.revenue).toBeCloseTo(c.revenue, 2);

      expect(panel.products.map((p) => p.id)).toEqual(want.products.map((p) => p.id));
      panel.products.forEach((p, i) => expect(p.revenue).toBeCloseTo(want.products[i]!.revenue, 2));

      const trend = new Map(panel.trend.x.map((x, i) => [x, panel.trend.revenue[i]!]));
      for (const b of want.buckets) expect(trend.get(b.bucket)).toBeCloseTo(b.revenue, 2);
      const total = panel.trend.revenue.reduce((sum, v) => sum + v, 0);
      expect(total).toBeCloseTo(want.totals.revenue, 1);
    });
  }

  it("shows zeros, not another region's figures, for a store the region filter leaves out", async () => {
    const store = (await stores.getStore(1))!;
    const other = ["North", "South", "East", "West", "Central"].find((r) => r !== store.region)!;
    const panel = stores.computeStorePanel(store, { ...CASES[0]!.filters, regions: [other as "North"] });
    expect(panel.inFilters).toBe(false);
    expect(panel.kpis.orders).toBe(0);
    expect(panel.products).toEqual([]);
  });

  it("answers an unknown store with a message and the map, not an error", async () => {
    const view = await stores.getStoresView(CASES[0]!.filters, 99_999);
    expect(view.panel).toBeNull();
    expect(view.storeError).toBe("There is no store with id 99999.");
    const mapped = raw
      .prepare(
        "SELECT COUNT(DISTINCT store_id) AS n FROM orders WHERE day BETWEEN '2025-01-01' AND '2025-12-31'",
      )
      .get() as { n: number };
    expect(view.stores).toHaveLength(mapped.n);
  });
});
