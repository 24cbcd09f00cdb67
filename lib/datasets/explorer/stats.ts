import "server-only";
import { LruCache } from "../../cache";
import { datasetTable, type ColumnType, type Dataset } from "../../data/datasets";
import { statement } from "../../db";
import { columnOf, labelExpr, type Col } from "./sql";

// Summary statistics per column, computed in SQL. A dataset's rows never change after its import,
// so answers are cached per dataset (keyed by id, row count and column layout, so a reused id
// cannot be served another dataset's figures).

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

const TOP_VALUES = 5;
const DAY = 24 * 3600 * 1000;

export function datasetSignature(dataset: Dataset): string {
  return `${dataset.id}:${dataset.rowCount}:${dataset.columns.map((c) => `${c.name}/${c.type}`).join("|")}`;
}

const rangeCache = new LruCache<Map<string, ColumnRange>>({ maxEntries: 100, ttlMs: DAY });
const statsCache = new LruCache<ColumnStats[]>({ maxEntries: 50, ttlMs: DAY });

const isNumeric = (type: ColumnType) => type === "integer" || type === "number" || type === "boolean";

/** Count, min, max and mean of every column in one table scan (the Explorer's bins start here). */
export async function getColumnRanges(dataset: Dataset): Promise<Map<string, ColumnRange>> {
  return rangeCache.getOrCompute(datasetSignature(dataset), () => {
    const cols = dataset.columns.map((c) => columnOf(dataset, c.name));
    const parts = cols.flatMap((col, i) => [
      `COUNT(${col.ident}) AS n${i}`,
      `MIN(${col.ident}) AS lo${i}`,
      `MAX(${col.ident}) AS hi${i}`,
      isNumeric(col.type) ? `AVG(${col.ident}) AS m${i}` : `NULL AS m${i}`,
    ]);
    const row = statement(`SELECT ${parts.join(", ")} FROM ${datasetTable(dataset.id)}`).get() as Record<
      string,
      number | string | null
    >;
    return new Map(
      cols.map((col, i) => [
        col.name,
        {
          count: Number(row[`n${i}`] ?? 0),
          min: row[`lo${i}`] ?? null,
          max: row[`hi${i}`] ?? null,
          mean: row[`m${i}`] === null ? null : Number(row[`m${i}`]),
        },
      ]),
    );
  });
}

interface DistributionRow {
  distinct_count: number;
  ss: number | null;
  [rank: `r${number}`]: number | string | null;
}

/**
 * One column's distribution from one GROUP BY: distinct values with their counts, a running count
 * in value order (the value at 0-based rank r is the smallest whose running count exceeds r), the
 * squared deviations for the standard deviation and the most frequent values.
 */
function columnStats(dataset: Dataset, col: Col, range: ColumnRange, rows: number): ColumnStats {
  const table = datasetTable(dataset.id);
  const n = range.count;
  const numeric = isNumeric(col.type);
  const ordered = col.type !== "text" && col.type !== "boolean";
  // Ranks needed for the quartiles: floor(h) and floor(h) + 1 for h = (n - 1) p.
  const quartiles = [0.25, 0.5, 0.75].map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return { lo, hi: Math.min(lo + 1, n - 1), frac: h - lo };
  });
  const ranks = quartiles.flatMap((q) => [q.lo, q.hi]);
  const rankSql = ranks.map((_, i) => `(SELECT MIN(v) FROM r WHERE cum > ?) AS r${i}`).join(", ");
  // One GROUP BY (the expensive sort) serves the distinct count, the quartiles, the squared
  // deviations and the top values: each output row is one of the most frequent values, carrying
  // the column-wide figures beside it.
  const rowsOut = statement(
    `WITH g AS MATERIALIZED (SELECT ${col.ident} AS v, COUNT(*) AS k FROM ${table} WHERE ${col.ident} IS NOT NULL GROUP BY ${col.ident}),
     r AS MATERIALIZED (SELECT v, SUM(k) OVER (ORDER BY v ROWS UNBOUNDED PRECEDING) AS cum FROM g)
     SELECT ${labelExpr(col, "v")} AS top_value, k AS top_count,
            (SELECT COUNT(*) FROM g) AS distinct_count,
            ${numeric ? "(SELECT SUM((v - ?) * (v - ?) * k) FROM g)" : "NULL"} AS ss,
            ${ordered && n > 0 ? rankSql : "NULL AS r0"}
     FROM g ORDER BY k DESC, v LIMIT ${TOP_VALUES}`,
  ).all(
    ...(numeric ? [range.mean ?? 0, range.mean ?? 0] : []),
    ...(ordered && n > 0 ? ranks : []),
  ) as (DistributionRow & {
    top_value: string | number;
    top_count: number;
  })[];
  const distribution = rowsOut[0];
  const top = rowsOut.map((row) => ({ value: row.top_value, count: row.top_count }));

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
    top: top.map((t) => ({ value: String(t.value), count: t.count })),
  };
}

/**
 * Summary statistics of every column. Computed once per dataset; the event loop is released
 * between columns, since a 1M-row column takes a few hundred ms of synchronous SQLite work.
 */
export async function getColumnStats(dataset: Dataset): Promise<ColumnStats[]> {
  return statsCache.getOrCompute(datasetSignature(dataset), async () => {
    const ranges = await getColumnRanges(dataset);
    const stats: ColumnStats[] = [];
    for (const column of dataset.columns) {
      await new Promise((resolve) => setImmediate(resolve));
      const col = columnOf(dataset, column.name);
      stats.push(columnStats(dataset, col, ranges.get(col.name)!, dataset.rowCount));
    }
    return stats;
  });
}
