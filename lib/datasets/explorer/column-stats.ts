import type Database from "better-sqlite3";
import type { ColumnType } from "../column-types";
import { labelExpr } from "./labels";
import { readQueries, type Query } from "../../worker-thread";
import type { Col } from "./sql";

// Per-column statistics, computed in SQL once per dataset and stored in dataset_column_stats: the
// ranges at import (one scan of the staging copy, so the main database's write lock is not held),
// the summaries (one sort per column, ~6-12 s of CPU on 1M x 10, which would take the import past
// its 30 s budget) right after it, in the background
// (db/migrations/011). Identifiers come from the caller, made from integers (columnIdent, or
// the fixtures' own c<position>). Plain functions of a connection and a server-made table name, so the import,
// the test fixtures and the Explorer's fallback for older datasets share them.

export interface ColumnRange {
  count: number;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
}

export interface ColumnStats {
  name: string;
  type: ColumnType;
  count: number;
  missing: number;
  distinct: number;
  mean: number | null;
  std: number | null;
  min: number | string | null;
  q1: number | string | null;
  median: number | string | null;
  q3: number | string | null;
  max: number | string | null;
  top: { value: string; count: number }[];
}

/** One column's range, which the Explorer bins from. */
export interface StoredColumnRange {
  position: number;
  range: ColumnRange;
}

/** One column's range and the summary the Explorer shows. */
export interface StoredColumnStats extends StoredColumnRange {
  stats: ColumnStats;
}

export interface StatsColumn extends Col {
  position: number;
}

const TOP_VALUES = 5;

const isNumeric = (type: ColumnType) => type === "integer" || type === "number" || type === "boolean";

/** Count, min, max and mean of every column in one table scan. */
function rangesQuery(table: string, cols: readonly Col[]): Query {
  const parts = cols.flatMap((col, i) => [
    `COUNT(${col.ident}) AS n${i}`,
    `MIN(${col.ident}) AS lo${i}`,
    `MAX(${col.ident}) AS hi${i}`,
    isNumeric(col.type) ? `AVG(${col.ident}) AS m${i}` : `NULL AS m${i}`,
  ]);
  return { sql: `SELECT ${parts.join(", ")} FROM ${table}`, params: [] };
}

function rangesOf(
  columns: readonly StatsColumn[],
  row: Record<string, number | string | null>,
): StoredColumnRange[] {
  return columns.map((c, i) => ({
    position: c.position,
    range: {
      count: Number(row[`n${i}`] ?? 0),
      min: row[`lo${i}`] ?? null,
      max: row[`hi${i}`] ?? null,
      mean: row[`m${i}`] === null ? null : Number(row[`m${i}`]),
    },
  }));
}

interface DistributionRow {
  top_value: string | number;
  top_count: number;
  distinct_count: number;
  ss: number | null;
  [rank: `r${number}`]: number | string | null;
}

function quartileRanks(n: number) {
  // Ranks needed for the quartiles: floor(h) and floor(h) + 1 for h = (n - 1) p.
  return [0.25, 0.5, 0.75].map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return { lo, hi: Math.min(lo + 1, n - 1), frac: h - lo };
  });
}

/**
 * One column's distribution from one GROUP BY: distinct values with their counts, a running count
 * in value order (the value at 0-based rank r is the smallest whose running count exceeds r), the
 * squared deviations for the standard deviation and the most frequent values.
 */
function distributionQuery(table: string, col: Col, range: ColumnRange): Query {
  const n = range.count;
  const numeric = isNumeric(col.type);
  const ordered = col.type !== "text" && col.type !== "boolean";
  const ranks = quartileRanks(n).flatMap((q) => [q.lo, q.hi]);
  const rankSql = ranks.map((_, i) => `MIN(CASE WHEN cum > ? THEN v END) AS r${i}`).join(", ");
  // One GROUP BY (the expensive sort) serves the distinct count, the quartiles, the squared
  // deviations and the top values: the running count is a window over the grouped rows, in the
  // order the GROUP BY already produced (a separate window pass over a materialized copy sorted
  // them again), and one scan of that small table finds every quartile rank, since the running
  // count grows with v (six lookups each scanned it: 1.45 s -> 0.7 s CPU on a 1M-distinct column).
  // Each output row is one of the most frequent values, carrying the column-wide figures beside it.
  const cum = ordered ? `SUM(COUNT(*)) OVER (ORDER BY ${col.ident} ROWS UNBOUNDED PRECEDING)` : "NULL";
  return {
    sql: `WITH r AS MATERIALIZED (SELECT ${col.ident} AS v, COUNT(*) AS k, ${cum} AS cum
                             FROM ${table} WHERE ${col.ident} IS NOT NULL GROUP BY ${col.ident}),
     s AS MATERIALIZED (SELECT COUNT(*) AS distinct_count,
                               ${numeric ? "SUM((v - ?) * (v - ?) * k)" : "NULL"} AS ss,
                               ${ordered && n > 0 ? rankSql : "NULL AS r0"}
                        FROM r)
     SELECT ${labelExpr(col, "r.v")} AS top_value, r.k AS top_count, s.*
     FROM r CROSS JOIN s ORDER BY r.k DESC, r.v LIMIT ${TOP_VALUES}`,
    params: [...(numeric ? [range.mean ?? 0, range.mean ?? 0] : []), ...(ordered && n > 0 ? ranks : [])],
  };
}

/** The summary of a column from its range and the rows of its distributionQuery. */
function summaryOf(col: Col, range: ColumnRange, rows: number, rowsOut: DistributionRow[]): ColumnStats {
  const n = range.count;
  const numeric = isNumeric(col.type);
  const ordered = col.type !== "text" && col.type !== "boolean";
  const quartiles = quartileRanks(n);
  const distribution = rowsOut[0];

  const quartile = (i: number): number | string | null => {
    if (!ordered || n === 0 || !distribution) return null;
    const q = quartiles[i]!;
    const lo = distribution[`r${2 * i}`] ?? null;
    const hi = distribution[`r${2 * i + 1}`] ?? null;
    // Dates have no midpoint arithmetic here: the lower of the two ranks is reported.
    if (typeof lo !== "number" || typeof hi !== "number") return lo;
    return lo + q.frac * (hi - lo);
  };
  const ss = distribution?.ss ?? null;
  return {
    name: col.name,
    type: col.type,
    count: n,
    missing: rows - n,
    distinct: distribution?.distinct_count ?? 0,
    mean: numeric ? range.mean : null,
    std: numeric && ss !== null && n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    min: ordered || numeric ? range.min : null,
    q1: quartile(0),
    median: quartile(1),
    q3: quartile(2),
    max: ordered || numeric ? range.max : null,
    top: rowsOut.map((row) => ({ value: String(row.top_value), count: row.top_count })),
  };
}

function columnStats(
  db: Database.Database,
  table: string,
  col: Col,
  range: ColumnRange,
  rows: number,
): ColumnStats {
  const query = distributionQuery(table, col, range);
  return summaryOf(col, range, rows, db.prepare(query.sql).all(...query.params) as DistributionRow[]);
}

/** Count, min, max and mean of every column of `table` (a server-made name), in one scan. */
export function computeColumnRanges(
  db: Database.Database,
  table: string,
  columns: readonly StatsColumn[],
): StoredColumnRange[] {
  const query = rangesQuery(table, columns);
  return rangesOf(columns, db.prepare(query.sql).get() as Record<string, number | string | null>);
}

/** computeColumnRanges without holding the event loop over a big table (readQueries). */
export async function scanColumnRanges(
  db: Database.Database,
  table: string,
  columns: readonly StatsColumn[],
  tableRows: number,
): Promise<StoredColumnRange[]> {
  const [rows] = await readQueries<Record<string, number | string | null>>(
    db,
    [rangesQuery(table, columns)],
    tableRows,
  );
  return rangesOf(columns, rows![0]!);
}

/**
 * Every column's summary (one GROUP BY per column, a few hundred ms to seconds of SQLite work each
 * on 1M rows), without holding the event loop (readQueries: a worker thread for a big table).
 */
export async function computeColumnSummaries(
  db: Database.Database,
  table: string,
  columns: readonly StatsColumn[],
  ranges: ReadonlyMap<number, ColumnRange>,
  rows: number,
): Promise<StoredColumnStats[]> {
  const results = await readQueries<DistributionRow>(
    db,
    columns.map((col) => distributionQuery(table, col, ranges.get(col.position)!)),
    rows,
  );
  return columns.map((col, i) => {
    const range = ranges.get(col.position)!;
    return { position: col.position, range, stats: summaryOf(col, range, rows, results[i]!) };
  });
}

/** Ranges and summaries of every column in one synchronous call (test fixtures, benchmark). */
export function computeColumnStats(
  db: Database.Database,
  table: string,
  columns: readonly StatsColumn[],
  rows: number,
): StoredColumnStats[] {
  return computeColumnRanges(db, table, columns).map((r, i) => ({
    ...r,
    stats: columnStats(db, table, columns[i]!, r.range, rows),
  }));
}

/**
 * Stores a dataset's figures (inside the caller's transaction): ranges alone at import, summaries
 * (with their ranges) when they are computed; a stored summary is never replaced by none.
 */
export function saveColumnStats(
  db: Database.Database,
  datasetId: number,
  columns: readonly (StoredColumnRange & { stats?: ColumnStats | null })[],
): void {
  const upsert = db.prepare(
    `INSERT INTO dataset_column_stats (dataset_id, position, range, stats) VALUES (?, ?, ?, ?)
     ON CONFLICT (dataset_id, position) DO UPDATE SET stats = COALESCE(excluded.stats, stats)`,
  );
  for (const column of columns)
    upsert.run(
      datasetId,
      column.position,
      JSON.stringify(column.range),
      column.stats ? JSON.stringify(column.stats) : null,
    );
}

/** A dataset's stored figures by position (summary null until computed), or null unless every column has a row. */
export function readColumnStats(
  db: Database.Database,
  datasetId: number,
  columns: number,
): Map<number, StoredColumnRange & { stats: ColumnStats | null }> | null {
  const rows = db
    .prepare("SELECT position, range, stats FROM dataset_column_stats WHERE dataset_id = ? ORDER BY position")
    .all(datasetId) as { position: number; range: string; stats: string | null }[];
  if (rows.length !== columns) return null;
  return new Map(
    rows.map((row) => [
      row.position,
      {
        position: row.position,
        range: JSON.parse(row.range) as ColumnRange,
        stats: row.stats === null ? null : (JSON.parse(row.stats) as ColumnStats),
      },
    ]),
  );
}
