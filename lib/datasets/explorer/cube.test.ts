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
const { getCubes, cubeSource, scheduleCubeBuilds } = await import("./cube");
const { readCubes } = await import("./cube-build");
const { columnOf } = await import("./sql");
const { BASE_STATE: base, createFixtureDataset, salesRows, SALES_COLUMNS } = await import("./test-fixtures");

let db: Database.Database;
let cubed: Dataset;
let plain: Dataset;

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

describe("the dataset's cubes", () => {
  const names = (dims: number[]) => dims.map((p) => cubed.columns[p]!.name);

  it("group by the low-cardinality columns, and by each column of few enough values", async () => {
    const plans = readCubes(db, cubed.id);
    // 2 x 6 x 8 x 10 x 10 (returned, region and quantity with a missing value) <= 20,000 / 2.
    expect(plans[0]).toMatchObject({ cube: 0, cells: expect.any(Number) });
    expect([...names(plans[0]!.dims)].sort()).toEqual(["category", "quantity", "region", "returned", "year"]);
    // Each value cube leads with its own column; time has a value per row, too many for a cube.
    const valueCubes = new Map(plans.slice(1).map((plan) => [names(plan.dims)[0], names(plan.dims)]));
    expect([...valueCubes.keys()].sort()).toEqual(["country", "day", "price", "score"]);
    // 960-odd scores x 2 x 6 regions would pass 10,000 cells.
    expect(valueCubes.get("score")).toEqual(["score", "returned"]);
    expect(plans.every((plan) => plan.cells !== null)).toBe(true);
    expect(await getCubes(plain)).toEqual([]);
  });

  it("answer counts, sums, means, minima and maxima over dims, medians of a dim, and nothing else", async () => {
    const cubes = await getCubes(cubed);
    const col = (name: string) => columnOf(cubed, name);
    const request = (over: Partial<Parameters<typeof cubeSource>[2]>) =>
      cubeSource(cubed, cubes, {
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
    for (const agg of ["sum", "mean", "min", "max", "median"] as const)
      expect(request({ agg, y: col("quantity") })).not.toBeNull();
    expect(request({ agg: "median", y: col("score"), columns: [col("returned")] })?.table).toMatch(
      /^dsc_\d+_\d+$/,
    );
    expect(request({ agg: "median", y: col("score") })).toBeNull();
    expect(request({ columns: [col("time")] })).toBeNull();
    expect(request({ filters: [{ column: "price", min: 10 }], y: col("score") })).toBeNull();
    expect(request({ notNull: [col("time")] })).toBeNull();
    expect(request({ y: col("score"), filters: [{ column: "year", min: 2016, max: 2018 }] })).not.toBeNull();
    // The smallest cube that answers: region is also a dim of the country cube (~3,800 cells
    // against ~9,600 for cube 0); only cube 0 has year.
    expect(request({ agg: "count" })?.table).toBe(`dsc_${cubed.id}_6`);
    expect(request({ agg: "count", columns: [col("year")] })?.table).toBe(`dsc_${cubed.id}`);
  });

  it("missing at start-up are built on the next view, with the same figures", async () => {
    const state: ExplorerState = { ...base, chart: "histogram", x: "score", color: "returned" };
    const before = await getExplorerFigure(cubed, state);
    const plan = readCubes(db, cubed.id).find((p) => cubed.columns[p.dims[0]!]!.name === "score")!;
    db.exec(`DROP TABLE dsc_${cubed.id}_${plan.cube}`);
    db.prepare("UPDATE dataset_cubes SET cells = NULL WHERE dataset_id = ? AND cube = ?").run(
      cubed.id,
      plan.cube,
    );
    expect((await getCubes(cubed)).some((c) => c.table === `dsc_${cubed.id}_${plan.cube}`)).toBe(false);
    await scheduleCubeBuilds(cubed);
    expect(readCubes(db, cubed.id).find((p) => p.cube === plan.cube)?.cells).toBe(plan.cells);
    expect((await getCubes(cubed)).some((c) => c.table === `dsc_${cubed.id}_${plan.cube}`)).toBe(true);
    const { computeExplorerFigure } = await import("./figure");
    expectSameFigure(await computeExplorerFigure(cubed, state), before);
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
  { chart: "bar", x: "returned", y: "score", agg: "median" },
  { chart: "bar", x: "region", y: "quantity", agg: "median", color: "category" },
  { chart: "line", x: "day", agg: "count", color: "returned" },
  { chart: "line", x: "day", y: "price", agg: "sum" },
  { chart: "line", x: "year", y: "quantity", agg: "median" },
  { chart: "histogram", x: "score", color: "region" },
  { chart: "histogram", x: "price", filters: [{ column: "returned", values: ["false"] }] },
  { chart: "histogram", x: "day" },
  { chart: "box", x: "region", y: "score" },
  { chart: "box", x: "returned", y: "price", filters: [{ column: "returned", values: ["true"] }] },
  { chart: "box", x: "score", y: "score" },
  { chart: "box", x: "category", y: "quantity", filters: [{ column: "year", min: 2018, max: 2019 }] },
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
