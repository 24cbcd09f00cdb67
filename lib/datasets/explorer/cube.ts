import "server-only";
import { LruCache } from "../../cache";
import { datasetCubeTable, type Dataset } from "../../data/datasets";
import { statement } from "../../db";
import { cubeMeasure } from "./cube-build";
import { whereClause, type Col, type SqlValue } from "./sql";
import type { Aggregation, ExplorerFilter } from "./state";
import { datasetSignature } from "./stats";

// Which grouped queries the dataset's cube (cube-build.ts) answers, and how. Aggregates of the
// cube's rows equal those of the raw rows: counts and sums add up, minima and maxima of minima and
// maxima, means are summed sums over summed counts. Sums of decimals may differ from a sum over the
// raw rows in the last bits (another addition order), never at any precision a chart shows.

export interface Cube {
  table: string;
  dims: ReadonlySet<number>;
  measures: ReadonlySet<number>;
}

const cubeCache = new LruCache<Cube | null>({ maxEntries: 100, ttlMs: 24 * 3600 * 1000 });

/** The dataset's cube, or null (datasets imported before cubes existed, or without a low-cardinality column). */
export async function getCube(dataset: Dataset): Promise<Cube | null> {
  return cubeCache.getOrCompute(datasetSignature(dataset), () => {
    const row = statement("SELECT dims, measures FROM dataset_cubes WHERE dataset_id = ?").get(dataset.id) as
      { dims: string; measures: string } | undefined;
    if (!row) return null;
    return {
      table: datasetCubeTable(dataset.id),
      dims: new Set(JSON.parse(row.dims) as number[]),
      measures: new Set(JSON.parse(row.measures) as number[]),
    };
  });
}

export interface GroupedSource {
  table: string;
  where: { sql: string; params: SqlValue[] };
  /** The aggregate and row-count expressions over the cube; null for raw rows. */
  measures: { value: string; n: string } | null;
}

export interface SourceRequest {
  /** Every column the group and representative expressions read. */
  columns: readonly (Col | null)[];
  filters: readonly ExplorerFilter[];
  /** Columns whose missing values drop a row. */
  notNull: readonly Col[];
  agg: Aggregation;
  /** The column aggregated; null for counts. */
  y: Col | null;
}

function positionOf(dataset: Dataset, col: Col): number {
  return dataset.columns.find((c) => c.name === col.name)!.position;
}

/**
 * The cube when it answers the request (a count, sum, mean, min or max whose groups, filters and
 * non-null checks read only dims, of a column it has measures for), else null.
 */
export function cubeSource(
  dataset: Dataset,
  cube: Cube | null,
  request: SourceRequest,
): GroupedSource | null {
  if (!cube || request.agg === "median") return null;
  const read = [
    ...request.columns.filter((c): c is Col => c !== null),
    ...request.notNull,
    ...request.filters.map((f) => ({ name: f.column })),
  ];
  if (!read.every((col) => cube.dims.has(dataset.columns.find((c) => c.name === col.name)?.position ?? -1)))
    return null;
  const y = request.agg === "count" ? null : request.y;
  if (y && !cube.measures.has(positionOf(dataset, y)) && !cube.dims.has(positionOf(dataset, y))) return null;
  if (request.agg !== "count" && !y) return null;
  const where = whereClause(
    dataset,
    request.filters,
    request.notNull.map((c) => c.ident),
  );
  if (!y)
    return {
      table: cube.table,
      where,
      measures: { value: `SUM(${cubeMeasure.rows})`, n: `SUM(${cubeMeasure.rows})` },
    };
  const p = positionOf(dataset, y);
  if (cube.dims.has(p)) {
    // Y is itself a dim: each cube row holds n rows of the one value y.ident.
    const sql = `${where.sql ? `${where.sql} AND` : "WHERE"} ${y.ident} IS NOT NULL`;
    const value = {
      sum: `SUM(${y.ident} * ${cubeMeasure.rows})`,
      mean: `CAST(SUM(${y.ident} * ${cubeMeasure.rows}) AS REAL) / SUM(${cubeMeasure.rows})`,
      min: `MIN(${y.ident})`,
      max: `MAX(${y.ident})`,
    }[request.agg as "sum" | "mean" | "min" | "max"];
    return {
      table: cube.table,
      where: { sql, params: where.params },
      measures: { value, n: `SUM(${cubeMeasure.rows})` },
    };
  }
  const count = cubeMeasure.count(p);
  // A cell whose rows all miss Y has no row left once raw rows drop missing values.
  const sql = `${where.sql ? `${where.sql} AND` : "WHERE"} ${count} > 0`;
  const value = {
    sum: `SUM(${cubeMeasure.sum(p)})`,
    mean: `CAST(SUM(${cubeMeasure.sum(p)}) AS REAL) / SUM(${count})`,
    min: `MIN(${cubeMeasure.min(p)})`,
    max: `MAX(${cubeMeasure.max(p)})`,
  }[request.agg as "sum" | "mean" | "min" | "max"];
  return { table: cube.table, where: { sql, params: where.params }, measures: { value, n: `SUM(${count})` } };
}

/** Where a grouped query reads: the cube when it can answer, else the raw rows of `table`. */
export function groupedSource(
  dataset: Dataset,
  table: string,
  cube: Cube | null,
  request: SourceRequest,
): GroupedSource {
  return (
    cubeSource(dataset, cube, request) ?? {
      table,
      where: whereClause(dataset, request.filters, [
        ...request.notNull.map((c) => c.ident),
        ...(request.agg !== "count" && request.y ? [request.y.ident] : []),
      ]),
      measures: null,
    }
  );
}
