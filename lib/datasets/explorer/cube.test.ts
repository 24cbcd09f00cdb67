import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpTempDatabase } from "./test-fixtures";
import type { Dataset } from "../../data/datasets";
import type { ExplorerFigure } from "./figure";
import type { ExplorerState } from "./state";

// Figures answered from the cube against the same figures from the raw rows (a copy of the dataset
// without a cube) and against independent SQL, on a real temporary SQLite file.
const temp = setUpTempDatabase("explorer-cube");
const { getDb } = await import("../../db");
const { getReadableDataset } = await import("../../data/datasets");
const { getExplorerFigure } = await import("./figure");
const { getCube, cubeSource } = await import("./cube");
const { columnOf } = await import("./sql");
const { createFixtureDataset, salesRows, SALES_COLUMNS } = await import("./test-fixtures");

let db: Database.Database;
let cubed: Dataset;
let plain: Dataset;

const base: ExplorerState = {
  chart: "bar",
  x: "region",
  y: null,
  color: null,
  agg: "count",
  frame: null,
  filters: [],
};

/** Sales rows with missing regions and quantities, so the cube has NULL dims and NULL measures. */
function* rowsWithGaps() {
  let i = 0;
  for (const row of salesRows(20_000, 11)) {
    i++;
    if (i % 17 === 0) row[3] = null;
    if (i % 13 === 0) row[7] = null;
    yield row;
  }
}

beforeAll(async () => {
  db = getDb();
  const make = (name: string, cube: boolean) =>
    createFixtureDataset(db, {
      ownerId: null,
      visibility: "public",
      name,
      columns: SALES_COLUMNS,
      rows: rowsWithGaps(),
      cube,
    });
  cubed = (await getReadableDataset(make("cubed", true), null))!;
  plain = (await getReadableDataset(make("plain", false), null))!;
});

afterAll(() => {
  db.close();
  temp.cleanup();
});

function expectSameFigure(actual: ExplorerFigure, expected: ExplorerFigure): void {
  expect(actual.rowsUsed).toBe(expected.rowsUsed);
  expect(actual.notes).toEqual(expected.notes);
  expect(actual.pointsDrawn).toBe(expected.pointsDrawn);
  expect(actual.traces.length).toBe(expected.traces.length);
  actual.traces.forEach((trace, t) => {
    const other = expected.traces[t]!;
    expect(trace.name).toBe(other.name);
    expect(trace.x).toEqual(other.x);
    if (trace.z) expect(trace.z).toEqual(other.z);
    expect(trace.y?.length).toBe(other.y?.length);
    trace.y?.forEach((value, i) => {
      const want = other.y![i]!;
      if (typeof value === "number" && typeof want === "number") expect(value).toBeCloseTo(want, 9);
      else expect(value).toEqual(want);
    });
  });
  expect(actual.frames?.map((f) => f.name)).toEqual(expected.frames?.map((f) => f.name));
}

describe("the dataset's cube", () => {
  it("groups by the low-cardinality columns only, within half the rows' count of cells", async () => {
    const cube = (await getCube(cubed))!;
    const names = [...cube.dims].map((p) => cubed.columns[p]!.name).sort();
    expect(names).toEqual(["category", "quantity", "region", "returned", "year"]);
    // 2 x 6 x 8 x 10 x 10 (returned, region and quantity with a missing value) <= 20,000 / 2.
    expect(await getCube(plain)).toBeNull();
  });

  it("answers counts, sums, means, minima and maxima over dims, and nothing else", async () => {
    const cube = await getCube(cubed);
    const col = (name: string) => columnOf(cubed, name);
    const request = (over: Partial<Parameters<typeof cubeSource>[2]>) =>
      cubeSource(cubed, cube, {
        columns: [col("region")],
        filters: [],
        notNull: [],
        agg: "sum",
        y: col("price"),
        ...over,
      });
    for (const agg of ["count", "sum", "mean", "min", "max"] as const)
      expect(request({ agg })).not.toBeNull();
    // Quantity is a dim: its own values give its figures.
    for (const agg of ["sum", "mean", "min", "max"] as const)
      expect(request({ agg, y: col("quantity") })).not.toBeNull();
    expect(request({ agg: "median" })).toBeNull();
    expect(request({ columns: [col("country")] })).toBeNull();
    expect(request({ filters: [{ column: "price", min: 10 }] })).toBeNull();
    expect(request({ notNull: [col("score")] })).toBeNull();
    expect(request({ y: col("score"), filters: [{ column: "year", min: 2016, max: 2018 }] })).not.toBeNull();
  });
});

const STATES: (Partial<ExplorerState> & Pick<ExplorerState, "chart" | "x">)[] = [
  { chart: "bar", x: "region" },
  { chart: "bar", x: "category", y: "price", agg: "sum" },
  { chart: "bar", x: "category", y: "quantity", agg: "mean", color: "region" },
  { chart: "bar", x: "region", y: "score", agg: "min", filters: [{ column: "year", min: 2017, max: 2020 }] },
  { chart: "bar", x: "quantity", y: "price", agg: "max", color: "returned" },
  {
    chart: "bar",
    x: "category",
    y: "quantity",
    agg: "sum",
    frame: "year",
    filters: [{ column: "region", values: ["North", "East"] }],
  },
  { chart: "bar", x: "returned", filters: [{ column: "returned", values: ["true"] }] },
  { chart: "bar", x: "returned", y: "quantity", agg: "min", color: "region" },
  { chart: "bar", x: "category", y: "year", agg: "max", filters: [{ column: "quantity", min: 3, max: 5 }] },
  { chart: "line", x: "year", y: "quantity", agg: "mean", color: "category" },
  { chart: "line", x: "quantity", agg: "count" },
  { chart: "histogram", x: "quantity", color: "region" },
  { chart: "histogram", x: "year", filters: [{ column: "category", values: ["Books"] }] },
  { chart: "heatmap", x: "region", y: "category" },
  { chart: "heatmap", x: "quantity", y: "year", filters: [{ column: "returned", values: ["false"] }] },
];

describe("figures from the cube", () => {
  for (const partial of STATES)
    it(`equal the raw rows' figure: ${JSON.stringify(partial)}`, async () => {
      const state = { ...base, ...partial };
      expectSameFigure(await getExplorerFigure(cubed, state), await getExplorerFigure(plain, state));
    });

  it("mean quantity per region, with missing regions and quantities, equals SQL", async () => {
    const figure = await getExplorerFigure(cubed, { ...base, x: "region", y: "quantity", agg: "mean" });
    const expected = db
      .prepare(
        `SELECT COALESCE(c3, '(missing)') AS k, AVG(c7) AS v, COUNT(c7) AS n FROM ds_${cubed.id}
         WHERE c7 IS NOT NULL GROUP BY c3`,
      )
      .all() as { k: string; v: number; n: number }[];
    const trace = figure.traces[0]!;
    expect([...trace.x!].sort()).toEqual(expected.map((e) => e.k).sort());
    for (const row of expected) expect(trace.y![trace.x!.indexOf(row.k)]).toBeCloseTo(row.v, 9);
    expect(trace.x).toContain("(missing)");
    expect(figure.rowsUsed).toBe(expected.reduce((sum, e) => sum + e.n, 0));
  });
});
