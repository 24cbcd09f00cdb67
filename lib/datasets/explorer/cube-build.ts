import type Database from "better-sqlite3";
import type { ColumnType } from "../column-types";
import type { ColumnRange, StatsColumn } from "./column-stats";

// The dataset's cube: its rows grouped by every low-cardinality column ("dims"), with COUNT(*) and,
// per numeric column, COUNT, SUM, MIN and MAX. SQLite has no hash aggregation, so every Explorer
// GROUP BY sorts the filtered rows: 0.3-1.7 s of CPU on 1M rows (bench/explorer-results.md). A
// chart whose groups and filters use only dims, with a count, sum, mean, min or max, groups the
// cube's rows instead (32k-205k rows on the 1M-row benchmark: 13-124 ms). Medians, quartiles and
// anything on another column stay on the raw rows. Building it is one more sort at import
// (~3.5 s on 1M x 10), done on the staging copy outside the main database's write lock.
//
// Plain functions of a connection and server-made table names (made from integers), so the
// import and the test fixtures build cubes the same way.

/** Columns with more distinct values than this are never dims (bars, series and heat cells show at most 50). */
export const MAX_DIM_VALUES = 100;
/**
 * Upper bound on the cube's rows (the product of the dims' distinct counts). Grouping 205k cube
 * rows took 124 ms: far enough under the 300 ms target to leave room for the rest of an answer.
 */
export const MAX_CUBE_CELLS = 300_000;

export interface CubePlan {
  /** Column positions grouped by, in ascending distinct count. */
  dims: number[];
  /**
   * Column positions with count/sum/min/max measures: the integer, number and boolean columns that
   * are not dims (a dim's own value gives those figures).
   */
  measures: number[];
}

const isNumeric = (type: ColumnType) => type === "integer" || type === "number" || type === "boolean";

/** Distinct values of one column, or MAX_DIM_VALUES + 1 when there are more. */
function distinctUpTo(
  db: Database.Database,
  table: string,
  col: StatsColumn,
  range: ColumnRange,
  rows: number,
): number {
  // A small integer range bounds the distinct count without a scan (the boolean and year columns).
  if (
    (col.type === "integer" || col.type === "boolean") &&
    typeof range.min === "number" &&
    typeof range.max === "number" &&
    range.max - range.min + 1 <= MAX_DIM_VALUES
  )
    return range.max - range.min + 1 + (range.count < rows ? 1 : 0);
  // DISTINCT runs on an ephemeral b-tree, not a sort, and LIMIT stops it at the first value too
  // many: ~150 ms for a 5-value column of 1M rows, ~0 ms for a column of prices.
  return db
    .prepare(`SELECT COUNT(*) FROM (SELECT DISTINCT ${col.ident} FROM ${table} LIMIT ${MAX_DIM_VALUES + 1})`)
    .pluck()
    .get() as number;
}

/**
 * Which columns the cube groups by: those with at most MAX_DIM_VALUES distinct values (NULL counted
 * as one), fewest first, while the product of their counts stays within MAX_CUBE_CELLS and half the
 * rows (a cube barely smaller than its table saves nothing). Null when no column qualifies.
 */
export function planCube(
  db: Database.Database,
  table: string,
  columns: readonly StatsColumn[],
  ranges: ReadonlyMap<number, ColumnRange>,
  rows: number,
): CubePlan | null {
  const candidates = columns
    .map((col) => ({ col, distinct: distinctUpTo(db, table, col, ranges.get(col.position)!, rows) }))
    .filter((c) => c.distinct <= MAX_DIM_VALUES)
    .sort((a, b) => a.distinct - b.distinct || a.col.position - b.col.position);
  const bound = Math.min(MAX_CUBE_CELLS, Math.max(1, Math.floor(rows / 2)));
  const dims: number[] = [];
  let cells = 1;
  for (const c of candidates) {
    if (cells * c.distinct > bound) break;
    cells *= c.distinct;
    dims.push(c.col.position);
  }
  if (dims.length === 0) return null;
  return {
    dims,
    measures: columns.filter((c) => isNumeric(c.type) && !dims.includes(c.position)).map((c) => c.position),
  };
}

/** Cube measure names, from integers: the row count and per numeric column p: n<p>, s<p>, lo<p>, hi<p>. */
export const cubeMeasure = {
  rows: "n",
  count: (position: number) => `n${integer(position)}`,
  sum: (position: number) => `s${integer(position)}`,
  min: (position: number) => `lo${integer(position)}`,
  max: (position: number) => `hi${integer(position)}`,
};

function integer(position: number): number {
  if (!Number.isSafeInteger(position) || position < 0) throw new Error(`invalid column ${position}`);
  return position;
}

/**
 * Creates `target` (a server-made name) as the cube of `source`. Dims keep their column names
 * (c<position>), so the Explorer's filters and group expressions read the same on both tables.
 */
export function createCube(db: Database.Database, source: string, target: string, plan: CubePlan): number {
  // Most distinct values first: the sort's comparisons settle on the first field more often
  // (4.1-4.2 s against 4.6-4.9 s of CPU on the 1M-row benchmark).
  const dims = [...plan.dims]
    .reverse()
    .map((p) => `c${integer(p)}`)
    .join(", ");
  const measures = plan.measures.flatMap((p) => [
    `COUNT(c${integer(p)}) AS ${cubeMeasure.count(p)}`,
    `SUM(c${p}) AS ${cubeMeasure.sum(p)}`,
    `MIN(c${p}) AS ${cubeMeasure.min(p)}`,
    `MAX(c${p}) AS ${cubeMeasure.max(p)}`,
  ]);
  db.exec(
    `CREATE TABLE ${target} AS SELECT ${dims}, COUNT(*) AS ${cubeMeasure.rows}${measures.map((m) => `, ${m}`).join("")}
     FROM ${source} GROUP BY ${dims}`,
  );
  return db.prepare(`SELECT COUNT(*) FROM ${target}`).pluck().get() as number;
}

/** Records the cube of a dataset (inside the caller's transaction, beside its table). */
export function saveCube(db: Database.Database, datasetId: number, plan: CubePlan, cells: number): void {
  db.prepare("INSERT INTO dataset_cubes (dataset_id, dims, measures, cells) VALUES (?, ?, ?, ?)").run(
    datasetId,
    JSON.stringify(plan.dims),
    JSON.stringify(plan.measures),
    cells,
  );
}
