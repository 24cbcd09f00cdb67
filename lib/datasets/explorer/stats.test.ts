import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTempDatabase } from "./test-fixtures";
import type { Dataset } from "../../data/datasets";

const temp = setUpTempDatabase("explorer-stats");
const { getDb } = await import("../../db");
const { getReadableDataset } = await import("../../data/datasets");
const { getColumnRanges, getColumnStats } = await import("./stats");
const { createFixtureDataset, salesRows, SALES_COLUMNS } = await import("./test-fixtures");

let db: Database.Database;
let sales: Dataset;

beforeAll(async () => {
  db = getDb();
  const id = createFixtureDataset(db, {
    ownerId: null,
    visibility: "public",
    name: "sales",
    columns: SALES_COLUMNS,
    rows: salesRows(2500),
  });
  sales = (await getReadableDataset(id, null))!;
});

afterAll(() => {
  db.close();
  temp.cleanup();
});

/** numpy's default (linear) quantile of sorted values, computed here independently. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
}

describe("column statistics", () => {
  it("numeric columns equal independent SQL and quantiles of the raw values", async () => {
    const stats = await getColumnStats(sales);
    for (const [name, ident] of [
      ["price", "c6"],
      ["score", "c8"],
      ["quantity", "c7"],
    ] as const) {
      const s = stats.find((c) => c.name === name)!;
      const values = (
        db
          .prepare(`SELECT ${ident} AS v FROM ds_${sales.id} WHERE ${ident} IS NOT NULL ORDER BY v`)
          .all() as {
          v: number;
        }[]
      ).map((r) => r.v);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      const { d: distinct } = db
        .prepare(`SELECT COUNT(DISTINCT ${ident}) AS d FROM ds_${sales.id}`)
        .get() as { d: number };
      expect(s.count).toBe(values.length);
      expect(s.missing).toBe(2500 - values.length);
      expect(s.mean).toBeCloseTo(mean, 9);
      expect(s.std).toBeCloseTo(std, 9);
      expect(s.min).toBe(values[0]);
      expect(s.max).toBe(values.at(-1));
      expect(s.q1).toBeCloseTo(quantile(values, 0.25), 9);
      expect(s.median).toBeCloseTo(quantile(values, 0.5), 9);
      expect(s.q3).toBeCloseTo(quantile(values, 0.75), 9);
      expect(s.distinct).toBe(distinct);
    }
    expect(stats.find((c) => c.name === "score")!.missing).toBeGreaterThan(0);
  });

  it("text columns report distinct values and the most frequent ones like SQL", async () => {
    const stats = await getColumnStats(sales);
    const region = stats.find((c) => c.name === "region")!;
    const expected = db
      .prepare(
        `SELECT c3 AS value, COUNT(*) AS count FROM ds_${sales.id} GROUP BY c3 ORDER BY count DESC, c3 LIMIT 5`,
      )
      .all();
    expect(region.top).toEqual(expected);
    expect(region.distinct).toBe(5);
    expect(region.mean).toBeNull();
    const day = stats.find((c) => c.name === "day")!;
    const bounds = db.prepare(`SELECT MIN(c0) AS lo, MAX(c0) AS hi FROM ds_${sales.id}`).get() as {
      lo: string;
      hi: string;
    };
    expect([day.min, day.max]).toEqual([bounds.lo, bounds.hi]);
  });

  it("a dataset without stored statistics gets them computed from SQL and stored on first view", async () => {
    const id = createFixtureDataset(db, {
      ownerId: null,
      visibility: "public",
      name: "older",
      columns: SALES_COLUMNS,
      rows: salesRows(800, 3),
    });
    db.prepare("DELETE FROM dataset_column_stats WHERE dataset_id = ?").run(id);
    const older = (await getReadableDataset(id, null))!;
    const quantity = (await getColumnStats(older)).find((c) => c.name === "quantity")!;
    const expected = db
      .prepare(
        `SELECT COUNT(c7) AS count, MIN(c7) AS min, MAX(c7) AS max, COUNT(DISTINCT c7) AS distinct_count FROM ds_${id}`,
      )
      .get() as { count: number; min: number; max: number; distinct_count: number };
    expect(quantity).toMatchObject({
      count: expected.count,
      min: expected.min,
      max: expected.max,
      distinct: expected.distinct_count,
    });
    expect(db.prepare("SELECT COUNT(*) FROM dataset_column_stats WHERE dataset_id = ?").pluck().get(id)).toBe(
      SALES_COLUMNS.length,
    );
  });

  it("summaries not yet computed after an import are computed from SQL and stored by the first view", async () => {
    const id = createFixtureDataset(db, {
      ownerId: null,
      visibility: "public",
      name: "fresh import",
      columns: SALES_COLUMNS,
      rows: salesRows(600, 6),
    });
    db.prepare("UPDATE dataset_column_stats SET stats = NULL WHERE dataset_id = ?").run(id);
    const region = (await getColumnStats((await getReadableDataset(id, null))!)).find(
      (c) => c.name === "region",
    )!;
    const expected = db
      .prepare(
        `SELECT c3 AS value, COUNT(*) AS count FROM ds_${id} GROUP BY c3 ORDER BY count DESC, c3 LIMIT 5`,
      )
      .all();
    expect(region.top).toEqual(expected);
    expect(
      db
        .prepare("SELECT COUNT(*) FROM dataset_column_stats WHERE dataset_id = ? AND stats IS NOT NULL")
        .pluck()
        .get(id),
    ).toBe(SALES_COLUMNS.length);
  });

  it("the Explorer reads the stored figures instead of scanning the table", async () => {
    const id = createFixtureDataset(db, {
      ownerId: null,
      visibility: "public",
      name: "stored",
      columns: SALES_COLUMNS,
      rows: salesRows(500, 4),
    });
    // Marks the stored range of price (position 6): only a read of the table can return it.
    db.prepare(
      `UPDATE dataset_column_stats SET range = json_set(range, '$.max', 123456.5) WHERE dataset_id = ? AND position = 6`,
    ).run(id);
    const ranges = await getColumnRanges((await getReadableDataset(id, null))!);
    expect(ranges.get("price")!.max).toBe(123456.5);
  });

  it("deleting a dataset deletes its statistics", () => {
    const id = createFixtureDataset(db, {
      ownerId: null,
      name: "gone",
      columns: SALES_COLUMNS,
      rows: salesRows(50, 5),
    });
    db.prepare("DELETE FROM datasets WHERE id = ?").run(id);
    expect(db.prepare("SELECT COUNT(*) FROM dataset_column_stats WHERE dataset_id = ?").pluck().get(id)).toBe(
      0,
    );
  });
});
