import type Database from "better-sqlite3";
import type { ColumnType } from "../column-types";
import type { Query } from "../../worker-thread";
import type { ColumnRange, StatsColumn } from "./column-stats";

// A dataset's cubes: its rows grouped by a few columns ("dims"), with COUNT(*) and, per numeric
// column that is not a dim, COUNT, SUM, MIN and MAX. SQLite has no hash aggregation, so every
// Explorer GROUP BY sorts the filtered rows: 0.3-2.2 s of CPU on 1M rows
// (bench/explorer-results.md). A chart whose groups and filters read only a cube's dims groups
// the cube's rows instead (thousands to 300k rows: 10-150 ms).
// - Cube 0 groups by every low-cardinality column: bars, heat cells and series of categories.
// - Cube k + 1 groups by column k's own values (up to MAX_VALUE_DISTINCT of them) and as many
//   low-cardinality columns as fit: its rows count each value, so histograms, lines over k and
//   medians and quartiles of k come from it exactly.
// The import plans them; each build is one sort of the rows (1-4 s of CPU on 1M x 10), done right
// after the import in a worker thread (explorer/cube.ts). The SQL that builds them is shared
// with that worker (lib/jobs/workers/cube-build.mjs).
//
// Plain functions of a connection and server-made table names (made from integers), so the
// import and the test fixtures build cubes the same way.

/** Columns with more distinct values than this are never low-cardinality dims (charts show at most 50 categories). */
export const MAX_DIM_VALUES = 100;
/** A column with more distinct values gets no cube of its own: one would be nearly as big as the table. */
export const MAX_VALUE_DISTINCT = 50_000;
/**
 * Upper bound on a cube's rows (the product of its dims' distinct counts). Grouping 205k cube
 * rows took 124 ms: far enough under the 300 ms target to leave room for the rest of an answer.
 */
export const MAX_CUBE_CELLS = 300_000;

export interface CubePlan {
  /** 0: the low-cardinality cube; k + 1: the cube of column k's values. */
  cube: number;
  /** Column positions grouped by. */
  dims: number[];
  /** Column positions with count/sum/min/max measures: the numeric columns that are not dims. */
  measures: number[];
}

const isNumeric = (type: ColumnType) => type === "integer" || type === "number" || type === "boolean";

function integer(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`invalid identifier number ${value}`);
  return value;
}

/** The table of a dataset's cube, made from integers only. */
export function cubeTableName(datasetId: number, cube: number): string {
  if (integer(datasetId) === 0) throw new Error("invalid dataset id 0");
  return cube === 0 ? `dsc_${datasetId}` : `dsc_${datasetId}_${integer(cube)}`;
}

/**
 * Distinct values of one column, or limit + 1 when there are more (NULL counts as one): a number
 * when the column's range bounds it, else the query that counts them (one row, column n).
 */
function distinctUpTo(
  table: string,
  col: StatsColumn,
  range: ColumnRange,
  rows: number,
  limit: number,
): number | Query {
  // A small integer range bounds the distinct count without a scan (the boolean and year columns).
  if (
    (col.type === "integer" || col.type === "boolean") &&
    typeof range.min === "number" &&
    typeof range.max === "number" &&
    range.max - range.min + 1 <= MAX_DIM_VALUES
  )
    return range.max - range.min + 1 + (range.count < rows ? 1 : 0);
  // DISTINCT runs on an ephemeral b-tree, not a sort, and LIMIT stops it at the first value too
  // many: ~150 ms for a 5-value column of 1M rows, a few ms for a column of timestamps.
  return {
    sql: `SELECT COUNT(*) AS n FROM (SELECT DISTINCT ${col.ident} FROM ${table} LIMIT ${integer(limit) + 1})`,
    params: [],
  };
}

function measuresBeside(columns: readonly StatsColumn[], dims: readonly number[]): number[] {
  return columns.filter((c) => isNumeric(c.type) && !dims.includes(c.position)).map((c) => c.position);
}

/**
 * The dataset's cubes. Cube 0 groups by the columns with at most MAX_DIM_VALUES distinct values,
 * fewest first, while the product of their counts stays within MAX_CUBE_CELLS and half the rows
 * (a cube barely smaller than its table saves nothing). Each other column with at most
 * MAX_VALUE_DISTINCT values gets a cube of its values and of the low-cardinality columns that fit
 * in the same bound.
 */
export function planCubes(
  db: Database.Database,
  table: string,
  columns: readonly StatsColumn[],
  ranges: ReadonlyMap<number, ColumnRange>,
  rows: number,
): CubePlan[] {
  const planner = cubePlanner(table, columns, ranges, rows);
  let step = planner.next();
  while (!step.done)
    step = planner.next((db.prepare(step.value.sql).get(...step.value.params) as { n: number }).n);
  return step.value;
}

/**
 * planCubes with its scans left to the caller: it yields each distinct-count query (up to a few
 * hundred ms on 1M rows) and takes its count back, so the import can run them off the event loop.
 */
export function* cubePlanner(
  table: string,
  columns: readonly StatsColumn[],
  ranges: ReadonlyMap<number, ColumnRange>,
  rows: number,
): Generator<Query, CubePlan[], number> {
  const bound = Math.min(MAX_CUBE_CELLS, Math.max(1, Math.floor(rows / 2)));
  function* countDistinct(col: StatsColumn, limit: number): Generator<Query, number, number> {
    const known = distinctUpTo(table, col, ranges.get(col.position)!, rows, limit);
    return typeof known === "number" ? known : yield known;
  }
  const counted: { col: StatsColumn; distinct: number }[] = [];
  for (const col of columns) counted.push({ col, distinct: yield* countDistinct(col, MAX_DIM_VALUES) });
  const small = counted
    .filter((c) => c.distinct <= MAX_DIM_VALUES)
    .sort((a, b) => a.distinct - b.distinct || a.col.position - b.col.position);
  const fit = (start: number) => {
    const dims: number[] = [];
    let cells = start;
    for (const c of small) {
      if (cells * c.distinct > bound) break;
      cells *= c.distinct;
      dims.push(c.col.position);
    }
    return dims;
  };
  const plans: CubePlan[] = [];
  const lowDims = fit(1);
  if (lowDims.length > 0) plans.push({ cube: 0, dims: lowDims, measures: measuresBeside(columns, lowDims) });
  for (const c of counted) {
    if (lowDims.includes(c.col.position)) continue;
    let distinct = c.distinct;
    if (distinct > MAX_DIM_VALUES) distinct = yield* countDistinct(c.col, MAX_VALUE_DISTINCT);
    if (distinct > MAX_VALUE_DISTINCT || distinct > bound) continue;
    const dims = [c.col.position, ...fit(distinct).filter((p) => p !== c.col.position)];
    plans.push({ cube: c.col.position + 1, dims, measures: measuresBeside(columns, dims) });
  }
  return plans;
}

export { createCube, cubeMeasure } from "../../jobs/workers/cube-build.mjs";

/** Records a cube of a dataset (inside the caller's transaction): built with its cell count, or planned (null). */
export function saveCube(
  db: Database.Database,
  datasetId: number,
  plan: CubePlan,
  cells: number | null,
): void {
  db.prepare(
    `INSERT INTO dataset_cubes (dataset_id, cube, dims, measures, cells) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (dataset_id, cube) DO UPDATE SET cells = excluded.cells`,
  ).run(datasetId, plan.cube, JSON.stringify(plan.dims), JSON.stringify(plan.measures), cells);
}

/** The cubes recorded for a dataset, built or not. */
export function readCubes(db: Database.Database, datasetId: number): (CubePlan & { cells: number | null })[] {
  return (
    db
      .prepare("SELECT cube, dims, measures, cells FROM dataset_cubes WHERE dataset_id = ? ORDER BY cube")
      .all(datasetId) as { cube: number; dims: string; measures: string; cells: number | null }[]
  ).map((row) => ({
    cube: row.cube,
    dims: JSON.parse(row.dims) as number[],
    measures: JSON.parse(row.measures) as number[],
    cells: row.cells,
  }));
}

/** Drops every cube table of a dataset (inside the caller's transaction, before its rows go). */
export function dropCubes(db: Database.Database, datasetId: number): void {
  for (const cube of readCubes(db, datasetId))
    db.exec(`DROP TABLE IF EXISTS main.${cubeTableName(datasetId, cube.cube)}`);
}
