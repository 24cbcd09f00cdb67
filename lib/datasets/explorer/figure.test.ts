import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTempDatabase } from "./test-fixtures";
import type { Dataset } from "../../data/datasets";

// Figures against independent SQL over the raw ds_<id> rows (or hand-computed values), on a real
// temporary SQLite file.
const temp = setUpTempDatabase("explorer-figure");
const { getDb } = await import("../../db");
const { getReadableDataset } = await import("../../data/datasets");
const { getExplorerFigure, LIMITS } = await import("./figure");
const { BASE_STATE: base, createFixtureDataset, salesRows, SALES_COLUMNS } = await import("./test-fixtures");

let db: Database.Database;
let sales: Dataset;
let tiny: Dataset;
let big: Dataset;

beforeAll(async () => {
  db = getDb();
  const salesId = createFixtureDataset(db, {
    ownerId: null,
    visibility: "public",
    name: "sales",
    columns: SALES_COLUMNS,
    rows: salesRows(3000),
  });
  const tinyId = createFixtureDataset(db, {
    ownerId: null,
    visibility: "public",
    name: "tiny",
    columns: [
      { name: "group", type: "text" },
      { name: "value", type: "number" },
      { name: "n", type: "integer" },
      { name: "flag", type: "boolean" },
    ],
    rows: [
      ["A", 1, 0, 1],
      ["A", 2, 1, 0],
      ["A", 3, 2, 1],
      ["A", 4, 3, 1],
      ["B", 10, 4, 0],
      [null, null, 10, null],
    ],
  });
  const bigId = createFixtureDataset(db, {
    ownerId: null,
    visibility: "public",
    name: "big",
    columns: SALES_COLUMNS,
    rows: salesRows(20_000, 3),
  });
  sales = (await getReadableDataset(salesId, null))!;
  tiny = (await getReadableDataset(tinyId, null))!;
  big = (await getReadableDataset(bigId, null))!;
});

afterAll(() => {
  db.close();
  temp.cleanup();
});

function sql<T>(text: string, ...params: unknown[]): T[] {
  return db.prepare(text).all(...params) as T[];
}

function one<T>(text: string, ...params: unknown[]): T {
  return db.prepare(text).get(...params) as T;
}

describe("bar charts", () => {
  it("sum of price per category equals SQL", async () => {
    const figure = await getExplorerFigure(sales, { ...base, x: "category", y: "price", agg: "sum" });
    const expected = sql<{ k: string; v: number }>(
      `SELECT c4 AS k, SUM(c6) AS v FROM ds_${sales.id} GROUP BY c4`,
    );
    const trace = figure.traces[0]!;
    expect(trace.x).toEqual(expected.map((e) => e.k));
    trace.y!.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!.v, 6));
    expect(figure.rowsUsed).toBe(3000);
  });

  it("mean by region, coloured by returned, with a value filter and a range filter, equals SQL", async () => {
    const figure = await getExplorerFigure(sales, {
      ...base,
      x: "region",
      y: "score",
      color: "returned",
      agg: "mean",
      filters: [
        { column: "category", values: ["Books", "Toys"] },
        { column: "year", min: 2017, max: 2020 },
      ],
    });
    const expected = sql<{ r: string; f: number; v: number; n: number }>(
      `SELECT c3 AS r, c9 AS f, AVG(c8) AS v, COUNT(c8) AS n FROM ds_${sales.id}
       WHERE c4 IN ('Books', 'Toys') AND c2 BETWEEN 2017 AND 2020 AND c8 IS NOT NULL GROUP BY c3, c9`,
    );
    for (const row of expected) {
      const trace = figure.traces.find((t) => t.name === (row.f ? "true" : "false"))!;
      const index = trace.x!.indexOf(row.r);
      expect(trace.y![index]).toBeCloseTo(row.v, 9);
    }
    expect(figure.rowsUsed).toBe(expected.reduce((sum, e) => sum + e.n, 0));
  });

  it("median interpolates the two middle values (hand-computed)", async () => {
    const figure = await getExplorerFigure(tiny, { ...base, x: "group", y: "value", agg: "median" });
    // A: 1,2,3,4 -> 2.5; B: 10 -> 10; the missing group has no value and drops out.
    expect(figure.traces[0]!.x).toEqual(["A", "B"]);
    expect(figure.traces[0]!.y).toEqual([2.5, 10]);
  });

  it("min, max and count by a boolean read true/false and (missing)", async () => {
    const counts = await getExplorerFigure(tiny, { ...base, x: "flag" });
    expect(counts.traces[0]!.x).toEqual(["(missing)", "false", "true"]);
    expect(counts.traces[0]!.y).toEqual([1, 2, 3]);
    const max = await getExplorerFigure(tiny, { ...base, x: "flag", y: "n", agg: "max" });
    expect(max.traces[0]!.y).toEqual([10, 4, 3]);
  });

  it("keeps at most the 50 most frequent bars and says so", async () => {
    const figure = await getExplorerFigure(big, { ...base, x: "price" });
    expect(figure.traces[0]!.x!.length).toBe(LIMITS.bars);
    expect(figure.notes.join(" ")).toMatch(/Showing the 50 most frequent of [\d,]+ price values/);
  });
});

describe("histograms", () => {
  it("bins whole integers one per value (hand-computed)", async () => {
    const figure = await getExplorerFigure(tiny, { ...base, chart: "histogram", x: "n" });
    const trace = figure.traces[0]!;
    // n takes 0,1,2,3,4,10: one bin per integer from 0 to 10, empty bins left out.
    expect(trace.x).toEqual([0, 1, 2, 3, 4, 10]);
    expect(trace.y).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("40 equal-width bins over the column range equal SQL, per colour", async () => {
    const figure = await getExplorerFigure(sales, {
      ...base,
      chart: "histogram",
      x: "price",
      color: "region",
    });
    const { lo, hi } = one<{ lo: number; hi: number }>(
      `SELECT MIN(c6) AS lo, MAX(c6) AS hi FROM ds_${sales.id}`,
    );
    const width = (hi - lo) / 40;
    const expected = sql<{ r: string; b: number; n: number }>(
      `SELECT c3 AS r, MIN(CAST((c6 - ?) / ? AS INTEGER), 39) AS b, COUNT(*) AS n FROM ds_${sales.id} GROUP BY r, b`,
      lo,
      width,
    );
    for (const row of expected) {
      const trace = figure.traces.find((t) => t.name === row.r)!;
      const centre = lo + (row.b + 0.5) * width;
      const index = trace.x!.findIndex((x) => Math.abs(Number(x) - centre) < 1e-9);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(trace.y![index]).toBe(row.n);
    }
    expect(figure.rowsUsed).toBe(3000);
  });
});

describe("box plots", () => {
  it("quartiles, whiskers and means per group (hand-computed, numpy's linear method)", async () => {
    const figure = await getExplorerFigure(tiny, { ...base, chart: "box", x: "group", y: "value" });
    const box = figure.traces[0]!;
    expect(box.x).toEqual(["A", "B"]);
    expect(box.q1).toEqual([1.75, 10]);
    expect(box.median).toEqual([2.5, 10]);
    expect(box.q3).toEqual([3.25, 10]);
    expect(box.lowerfence).toEqual([1, 10]);
    expect(box.upperfence).toEqual([4, 10]);
    expect(box.mean).toEqual([2.5, 10]);
    expect(figure.rowsUsed).toBe(5);
  });

  it("medians per region equal the middle of the sorted values from SQL", async () => {
    const figure = await getExplorerFigure(sales, { ...base, chart: "box", x: "region", y: "price" });
    const box = figure.traces[0]!;
    box.x!.forEach((region, i) => {
      const values = sql<{ v: number }>(
        `SELECT c6 AS v FROM ds_${sales.id} WHERE c3 = ? ORDER BY c6`,
        region,
      ).map((r) => r.v);
      const h = (values.length - 1) * 0.5;
      const lo = Math.floor(h);
      const median = values[lo]! + (h - lo) * (values[Math.min(lo + 1, values.length - 1)]! - values[lo]!);
      expect(box.median![i]).toBeCloseTo(median, 9);
    });
  });
});

describe("lines, scatter and heatmaps", () => {
  it("a daily count line equals SQL per day", async () => {
    const figure = await getExplorerFigure(sales, { ...base, chart: "line", x: "day" });
    const expected = sql<{ d: string; n: number }>(
      `SELECT c0 AS d, COUNT(*) AS n FROM ds_${sales.id} GROUP BY c0 ORDER BY c0`,
    );
    expect(figure.traces[0]!.x).toEqual(expected.map((e) => e.d));
    expect(figure.traces[0]!.y).toEqual(expected.map((e) => e.n));
  });

  it("a long line is bucketed in SQL and thinned by LTTB to the point cap", async () => {
    const figure = await getExplorerFigure(big, {
      ...base,
      chart: "line",
      x: "time",
      y: "price",
      agg: "sum",
    });
    const trace = figure.traces[0]!;
    expect(trace.x!.length).toBe(LIMITS.linePoints);
    expect(figure.notes.join(" ")).toMatch(/LTTB/);
    // Every point drawn is a real bucket: its first time and the SQL sum of its rows.
    const { lo, hi } = one<{ lo: number; hi: number }>(
      `SELECT MIN(julianday(c1)) AS lo, MAX(julianday(c1)) AS hi FROM ds_${big.id}`,
    );
    const width = (hi - lo) / LIMITS.lineBuckets;
    const buckets = new Map(
      sql<{ first: string; v: number }>(
        `SELECT MIN(c1) AS first, SUM(c6) AS v FROM ds_${big.id}
         GROUP BY MIN(CAST((julianday(c1) - ?) / ? AS INTEGER), ?)`,
        lo,
        width,
        LIMITS.lineBuckets - 1,
      ).map((b) => [b.first, b.v]),
    );
    trace.x!.forEach((x, i) => expect(trace.y![i]).toBeCloseTo(buckets.get(String(x))!, 6));
  });

  it("a scatter over many rows is an even sample of real rows, capped", async () => {
    const figure = await getExplorerFigure(big, { ...base, chart: "scatter", x: "price", y: "quantity" });
    const every = Math.ceil(20_000 / LIMITS.scatterPoints);
    const expected = sql<{ x: number; y: number }>(
      `SELECT c6 AS x, c7 AS y FROM ds_${big.id} WHERE _row % ? = 0 ORDER BY _row`,
      every,
    );
    expect(figure.pointsDrawn).toBeLessThanOrEqual(LIMITS.scatterPoints);
    expect(figure.traces[0]!.x).toEqual(expected.map((e) => e.x));
    expect(figure.traces[0]!.y).toEqual(expected.map((e) => e.y));
    expect(figure.rowsUsed).toBe(20_000);
  });

  it("a scatter of a column with missing values samples every k-th row that has both, like SQL", async () => {
    const n = sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ds_${big.id} WHERE c8 IS NOT NULL`)[0]!.n;
    expect(n).toBeLessThan(20_000);
    const every = Math.ceil(n / LIMITS.scatterPoints);
    const expected = sql<{ x: number; y: number }>(
      `SELECT c6 AS x, c8 AS y FROM ds_${big.id} WHERE c8 IS NOT NULL AND _row % ? = 0 ORDER BY _row LIMIT ?`,
      every,
      LIMITS.scatterPoints,
    );
    for (const filters of [[], [{ column: "year", min: 1900, max: 2999 }]]) {
      const figure = await getExplorerFigure(big, {
        ...base,
        chart: "scatter",
        x: "price",
        y: "score",
        filters,
      });
      expect(figure.rowsUsed).toBe(n);
      expect(figure.traces[0]!.x).toEqual(expected.map((e) => e.x));
      expect(figure.traces[0]!.y).toEqual(expected.map((e) => e.y));
    }
  });

  it("an animated scatter has one frame per year with that year's points", async () => {
    const figure = await getExplorerFigure(sales, {
      ...base,
      chart: "scatter",
      x: "price",
      y: "score",
      frame: "year",
    });
    const years = sql<{ y: number; n: number }>(
      `SELECT c2 AS y, COUNT(*) AS n FROM ds_${sales.id} WHERE c8 IS NOT NULL GROUP BY c2 ORDER BY c2`,
    );
    expect(figure.frames!.map((f) => f.name)).toEqual(years.map((y) => String(y.y)));
    figure.frames!.forEach((frame, i) => expect(frame.traces[0]!.x!.length).toBe(years[i]!.n));
  });

  it("a heatmap of two text columns counts each pair like SQL", async () => {
    const figure = await getExplorerFigure(sales, { ...base, chart: "heatmap", x: "region", y: "category" });
    const heat = figure.traces[0]!;
    const expected = sql<{ r: string; c: string; n: number }>(
      `SELECT c3 AS r, c4 AS c, COUNT(*) AS n FROM ds_${sales.id} GROUP BY c3, c4`,
    );
    for (const row of expected) {
      expect(heat.z![heat.y!.indexOf(row.c)]![heat.x!.indexOf(row.r)]).toBe(row.n);
    }
  });
});
