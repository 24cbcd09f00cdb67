import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { createRandom, generateDemoData } from "../../db/demo-data";
import type { OverviewFilters } from "../overview/filters";
import { CATEGORIES, CHANNELS, GRANULARITIES, REGIONS } from "../retail";

// Every figure of computeOverview is checked against SQL written here over the raw orders joined
// with stores and products: no rollup table and no code under test computes an expected value.

let dir: string;
let raw: Database.Database;
let computeOverview: typeof import("./overview").computeOverview;
let getOverviewData: typeof import("./overview").getOverviewData;
let getDataRange: typeof import("./overview").getDataRange;

// A day outside the generated data with hand-made orders: products 3, 5 and 9 tie at 10.00.
const TIE_DAY = "2020-03-10";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-overview-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  generateDemoData(db, { rows: 30_000 });
  // Written with the live triggers, on top of the bulk-loaded rollups.
  const insert = db.prepare(
    "INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost) VALUES (?, ?, ?, ?, 1, ?, ?)",
  );
  insert.run(TIE_DAY, 1, 5, "Online", 10, 4);
  insert.run(TIE_DAY, 2, 3, "Partner", 10, 4);
  insert.run(TIE_DAY, 3, 9, "In-store", 6.5, 2);
  insert.run(TIE_DAY, 4, 9, "Online", 3.5, 2);
  insert.run(TIE_DAY, 5, 7, "Online", 20, 9);
  db.close();
  process.env.DATABASE_PATH = file;
  ({ computeOverview, getOverviewData, getDataRange } = await import("./overview"));
  raw = new Database(file, { readonly: true });
});

afterAll(() => {
  raw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const JOINED = "FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

function where(f: OverviewFilters, from: string, to: string): { sql: string; params: string[] } {
  let sql = "WHERE o.day >= ? AND o.day <= ?";
  const params = [from, to];
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

function shiftDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function expectedTotals(f: OverviewFilters, from: string, to: string) {
  const w = where(f, from, to);
  return raw
    .prepare(
      `SELECT COUNT(*) AS orders, COALESCE(SUM(o.revenue), 0) AS revenue, COALESCE(SUM(o.cost), 0) AS cost ${JOINED} ${w.sql}`,
    )
    .get(w.params) as { orders: number; revenue: number; cost: number };
}

/** Equal to the cent: both sides rounded to whole cents. */
function expectCents(actual: number | null | undefined, expected: number, label: string) {
  expect(actual, label).not.toBeNull();
  expect(Math.round(actual! * 100), label).toBe(Math.round(expected * 100));
}

function expectRatio(actual: number | null, expected: number | null, label: string) {
  if (expected === null) return expect(actual, label).toBeNull();
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - expected), label).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
}

function checkEveryFigure(f: OverviewFilters) {
  const data = computeOverview(f);
  const days = Math.round((Date.parse(f.to) - Date.parse(f.from)) / 86_400_000) + 1;

  // KPIs, current and previous period (the same number of days just before `from`).
  const current = expectedTotals(f, f.from, f.to);
  const prevFrom = shiftDays(f.from, -days);
  const prevTo = shiftDays(f.from, -1);
  const previous = expectedTotals(f, prevFrom, prevTo);
  expect(data.previousPeriod).toEqual({ from: prevFrom, to: prevTo });
  expect(data.hasData).toBe(current.orders > 0);
  expect(data.kpis.orders.value).toBe(current.orders);
  expect(data.kpis.orders.previous).toBe(previous.orders);
  expectCents(data.kpis.revenue.value, current.revenue, "revenue");
  expectCents(data.kpis.revenue.previous, previous.revenue, "previous revenue");
  const aov = (t: typeof current) => (t.orders ? t.revenue / t.orders : null);
  const margin = (t: typeof current) => (t.revenue ? (t.revenue - t.cost) / t.revenue : null);
  for (const [name, value, expected] of [
    ["aov", data.kpis.aov.value, aov(current)],
    ["previous aov", data.kpis.aov.previous, aov(previous)],
  ] as const) {
    if (expected === null) expect(value, name).toBeNull();
    else expectCents(value, expected, name);
  }
  expectRatio(data.kpis.margin.value, margin(current), "margin");
  expectRatio(data.kpis.margin.previous, margin(previous), "previous margin");
  const change = (now: number | null, before: number | null) =>
    now === null || before === null || before === 0 ? null : (now - before) / Math.abs(before);
  expectRatio(data.kpis.revenue.change, change(current.revenue, previous.revenue), "revenue change");
  expectRatio(data.kpis.orders.change, change(current.orders, previous.orders), "orders change");
  const cm = margin(current);
  const pm = margin(previous);
  expectRatio(data.kpis.margin.change, cm === null || pm === null ? null : cm - pm, "margin change");

  // Time series: day buckets, Monday-start weeks or month starts, per region. More than 400 days
  // by day falls back to weeks.
  const granularity = f.granularity === "day" && days > 400 ? "week" : f.granularity;
  const bucket = {
    day: "o.day",
    week: "date(o.day, '-' || ((CAST(strftime('%w', o.day) AS INTEGER) + 6) % 7) || ' days')",
    month: "strftime('%Y-%m-01', o.day)",
  }[granularity];
  const w = where(f, f.from, f.to);
  const points = raw
    .prepare(
      `SELECT ${bucket} AS bucket, s.region, SUM(o.revenue) AS revenue ${JOINED} ${w.sql} GROUP BY 1, 2`,
    )
    .all(w.params) as { bucket: string; region: string; revenue: number }[];
  expect(data.timeseries.granularity).toBe(granularity);
  const firstBucket = {
    day: f.from,
    week: shiftDays(f.from, -((new Date(`${f.from}T00:00:00Z`).getUTCDay() + 6) % 7)),
    month: `${f.from.slice(0, 7)}-01`,
  }[granularity];
  expect(data.timeseries.x[0]).toBe(firstBucket);
  expect(data.timeseries.x.at(-1)! <= f.to).toBe(true);
  const expectedRegions = f.regions.length ? f.regions : REGIONS;
  expect(data.timeseries.series.map((s) => s.name)).toEqual([...expectedRegions]);
  const xIndex = new Map(data.timeseries.x.map((x, i) => [x, i]));
  for (const point of points) expect(xIndex.has(point.bucket), `bucket ${point.bucket}`).toBe(true);
  for (const series of data.timeseries.series) {
    expect(series.y).toHaveLength(data.timeseries.x.length);
    data.timeseries.x.forEach((x, i) => {
      const found = points.find((p) => p.bucket === x && p.region === series.name);
      expectCents(series.y[i], found?.revenue ?? 0, `${series.name} ${x}`);
    });
  }

  // Revenue by category and by channel, in their declared order, only those with orders.
  for (const [column, order, actual] of [
    ["p.category", CATEGORIES, data.categories],
    ["o.channel", CHANNELS, data.channels],
  ] as const) {
    const rows = raw
      .prepare(`SELECT ${column} AS name, SUM(o.revenue) AS revenue ${JOINED} ${w.sql} GROUP BY 1`)
      .all(w.params) as { name: string; revenue: number }[];
    const expected = (order as readonly string[]).flatMap((name) => rows.filter((r) => r.name === name));
    expect(actual.map((a) => a.name)).toEqual(expected.map((e) => e.name));
    actual.forEach((a, i) => expectCents(a.revenue, expected[i]!.revenue, `${column} ${a.name}`));
  }

  // Top ten products by revenue (whole cents, so float noise cannot reorder ties), ties by id.
  const products = raw
    .prepare(
      `SELECT p.id, p.name, p.category, SUM(o.revenue) AS revenue ${JOINED} ${w.sql}
        GROUP BY p.id HAVING ROUND(SUM(o.revenue) * 100) > 0
        ORDER BY ROUND(SUM(o.revenue) * 100) DESC, p.id LIMIT 10`,
    )
    .all(w.params) as { id: number; name: string; category: string; revenue: number }[];
  expect(data.products.map(({ id, name, category }) => ({ id, name, category }))).toEqual(
    products.map(({ id, name, category }) => ({ id, name, category })),
  );
  data.products.forEach((p, i) => expectCents(p.revenue, products[i]!.revenue, `product ${p.id}`));

  // Every store with orders, by id.
  const stores = raw
    .prepare(
      `SELECT s.id, s.name, s.city, s.region, s.lat, s.lon, SUM(o.revenue) AS revenue, COUNT(*) AS orders
       ${JOINED} ${w.sql} GROUP BY s.id ORDER BY s.id`,
    )
    .all(w.params) as { id: number; revenue: number; orders: number }[];
  const withoutRevenue = (rows: { revenue: number }[]) => rows.map((row) => ({ ...row, revenue: undefined }));
  expect(withoutRevenue(data.stores)).toEqual(withoutRevenue(stores));
  data.stores.forEach((s, i) => expectCents(s.revenue, stores[i]!.revenue, `store ${s.id}`));
  return data;
}

const all = { regions: [], categories: [], channels: [] };
const filters = (overrides: Partial<OverviewFilters>): OverviewFilters => ({
  ...all,
  from: "2025-01-01",
  to: "2025-12-31",
  granularity: "week",
  ...overrides,
});

describe("computeOverview", () => {
  it.each([
    ["the default view (last 365 days, weekly)", filters({})],
    [
      "a region filter",
      filters({ regions: ["West", "North"], from: "2023-04-12", to: "2024-02-03", granularity: "month" }),
    ],
    [
      "a category filter",
      filters({ categories: ["Books"], from: "2022-06-15", to: "2022-09-20", granularity: "day" }),
    ],
    [
      "a channel filter",
      filters({ channels: ["Partner"], from: "2021-02-27", to: "2023-03-02", granularity: "week" }),
    ],
    [
      "every dimension filtered at once",
      filters({
        regions: ["East", "Central", "South"],
        categories: ["Electronics", "Grocery", "Toys & Games"],
        channels: ["Online", "In-store"],
        from: "2021-05-31",
        to: "2024-11-02",
        granularity: "month",
      }),
    ],
    [
      "a range crossing a year boundary by days",
      filters({ from: "2022-11-17", to: "2023-02-09", granularity: "day" }),
    ],
    [
      "a range crossing a week and a year boundary",
      filters({ from: "2023-12-27", to: "2024-01-04", granularity: "week" }),
    ],
    [
      "an unaligned multi-year range by month",
      filters({ from: "2021-03-15", to: "2024-07-03", granularity: "month" }),
    ],
    ["the whole dataset", filters({ from: "2021-01-01", to: "2025-12-31", granularity: "month" })],
    [
      "a daily view longer than 400 days (falls back to weeks)",
      filters({ from: "2022-01-05", to: "2023-06-30", granularity: "day" }),
    ],
    [
      "a range running past the last day of data",
      filters({ from: "2025-11-20", to: "2026-02-10", granularity: "week" }),
    ],
    [
      "a range starting before the first day of data",
      filters({ from: "2020-10-01", to: "2021-02-14", granularity: "day" }),
    ],
    ["a one-day range on a leap day", filters({ from: "2024-02-29", to: "2024-02-29", granularity: "day" })],
    [
      "a one-day range viewed by month",
      filters({ from: "2023-07-01", to: "2023-07-01", granularity: "month" }),
    ],
    ["the day with tied products", filters({ from: TIE_DAY, to: TIE_DAY, granularity: "day" })],
  ])("matches SQL over raw orders for %s", (_name, f) => {
    checkEveryFigure(f);
  });

  it("reports a window without orders (2019) as empty, not as an error", () => {
    const data = checkEveryFigure(filters({ from: "2019-01-01", to: "2019-12-31", granularity: "month" }));
    expect(data.hasData).toBe(false);
    expect(data.kpis.orders.value).toBe(0);
    expect(data.kpis.aov.value).toBeNull();
    expect(data.kpis.margin.value).toBeNull();
    expect(data.timeseries.x).toHaveLength(12);
    expect(data.timeseries.series.every((s) => s.y.every((y) => y === 0))).toBe(true);
    expect(data.products).toEqual([]);
    expect(data.stores).toEqual([]);
    expect(data.categories).toEqual([]);
  });

  it("orders tied products by id after the higher revenue", () => {
    const data = computeOverview(filters({ from: TIE_DAY, to: TIE_DAY, granularity: "day" }));
    expect(data.products.map((p) => [p.id, p.revenue])).toEqual([
      [7, 20],
      [3, 10],
      [5, 10],
      [9, 10],
    ]);
  });

  it("matches SQL over raw orders for 40 random filter combinations", () => {
    const random = createRandom(7);
    const pick = <T>(values: readonly T[]) => values.filter(() => random() < 0.4);
    for (let i = 0; i < 40; i++) {
      const days = 1 + Math.floor(random() ** 2 * 1900);
      const from = shiftDays("2020-06-01", Math.floor(random() * 2200));
      checkEveryFigure({
        regions: pick(REGIONS),
        categories: pick(CATEGORIES),
        channels: pick(CHANNELS),
        from,
        to: shiftDays(from, days - 1),
        granularity: GRANULARITIES[Math.floor(random() * GRANULARITIES.length)]!,
      });
    }
  });
});

describe("getDataRange", () => {
  it("returns the first and last day with orders", async () => {
    const expected = raw.prepare("SELECT MIN(day) AS first, MAX(day) AS last FROM orders").get();
    expect(await getDataRange()).toEqual(expected);
  });
});

describe("getOverviewData", () => {
  it("returns the computed figures and serves a repeated request from the cache", async () => {
    const f = filters({ regions: ["South"] });
    const first = await getOverviewData(f);
    expect(first).toEqual(computeOverview(f));
    expect(await getOverviewData(f)).toBe(first);
  });

  // Last in the file: it changes the data.
  it("misses the cache once orders change, even when no order is added", async () => {
    const f = filters({ regions: ["South"] });
    const cached = await getOverviewData(f);
    const writer = openDatabase(raw.name);
    const order = writer
      .prepare(
        "SELECT o.id, o.revenue FROM orders o JOIN stores s ON s.id = o.store_id WHERE s.region = 'South' AND o.day = '2025-06-02' LIMIT 1",
      )
      .get() as { id: number; revenue: number };
    writer.prepare("UPDATE orders SET revenue = revenue + 1 WHERE id = ?").run(order.id);
    writer.close();
    const fresh = await getOverviewData(f);
    expect(fresh).not.toBe(cached);
    expect(fresh.kpis.revenue.value).toBeCloseTo(cached.kpis.revenue.value! + 1, 2);
    checkEveryFigure(f);
  });
});
