import "server-only";
import fs from "node:fs";
import path from "node:path";
import { LruCache } from "../../cache";
import { datasetTable, type Dataset } from "../../data/datasets";
import { getDb } from "../../db";
import { env } from "../../env";
import { runWorker, workerScript } from "../../worker-thread";
import { uploadsDir } from "../uploads";
import { cubeMeasure, cubeTableName, readCubes, saveCube, type CubePlan } from "./cube-build";
import { whereClause, type Col, type SqlValue } from "./sql";
import type { Aggregation, ExplorerFilter } from "./state";
import { datasetSignature, reportUnlessGone, stillThere } from "./stats";

// Which grouped queries a dataset's cubes (cube-build.ts) answer, and how. Aggregates of a cube's
// rows equal those of the raw rows: counts and sums add up, minima and maxima are minima and
// maxima of the cells', means are summed sums over summed counts, and a cube grouped by a
// column's values counts every value, so medians and quartiles of it are exact. Sums of decimals
// may differ from a sum over the raw rows in the last bits (another addition order), never at
// any precision a chart shows.

export interface Cube {
  table: string;
  dims: ReadonlySet<number>;
  measures: ReadonlySet<number>;
  cells: number;
}

const building = new Map<string, Promise<void>>();
/** When a dataset's builds last failed: the next views wait RETRY_MS before trying again. */
const failedAt = new LruCache<number>({ maxEntries: 100, ttlMs: 24 * 3600 * 1000 });
const RETRY_MS = 10 * 60 * 1000;

function readBuilt(dataset: Dataset): { cubes: Cube[]; complete: boolean } {
  const recorded = readCubes(getDb(), dataset.id);
  const cubes = recorded
    .filter((c): c is CubePlan & { cells: number } => c.cells !== null)
    .map((c) => ({
      table: cubeTableName(dataset.id, c.cube),
      dims: new Set(c.dims),
      measures: new Set(c.measures),
      cells: c.cells,
    }));
  return { cubes, complete: cubes.length === recorded.length };
}

/**
 * The dataset's built cubes (none for datasets imported before cubes existed). While some are
 * still to build (right after an import, or after a restart cut their build off) they are
 * scheduled. Read on every uncached figure (one small indexed query), never cached: a list kept
 * past a delete could name tables a reused id does not have yet.
 */
export async function getCubes(dataset: Dataset): Promise<Cube[]> {
  const { cubes, complete } = readBuilt(dataset);
  if (!complete) {
    const failed = failedAt.get(datasetSignature(dataset));
    if (failed === undefined || Date.now() - failed > RETRY_MS) void scheduleCubeBuilds(dataset);
  }
  return cubes;
}

/**
 * Builds one planned cube: a worker thread groups the rows into a throwaway file (the sort never
 * blocks the event loop, and no write lock is held meanwhile), then one transaction copies the
 * result (thousands to 300k rows) into dsc_<id>[_<k>] and records its cell count.
 */
async function buildCube(dataset: Dataset, plan: CubePlan): Promise<void> {
  const dir = uploadsDir();
  fs.mkdirSync(dir, { recursive: true });
  // Named from integers only; start-up deletes every leftover *.staging.db here.
  const buildFile = path.join(dir, `ds-${dataset.id}-cube-${plan.cube}.staging.db`);
  const db = getDb();
  try {
    const { cells } = await runWorker<{ cells: number }>(workerScript("cube-worker.mjs"), {
      databaseFile: env.databaseFile,
      buildFile,
      table: datasetTable(dataset.id),
      plan,
    });
    db.prepare("ATTACH DATABASE ? AS cube_build").run(buildFile);
    try {
      db.transaction(() => {
        if (!stillThere(dataset)) return;
        const current = readCubes(db, dataset.id).find((c) => c.cube === plan.cube);
        // Another process may have built it meanwhile.
        if (!current || current.cells !== null) return;
        db.exec(`CREATE TABLE main.${cubeTableName(dataset.id, plan.cube)} AS SELECT * FROM cube_build.cube`);
        saveCube(db, dataset.id, plan, cells);
      }).immediate();
    } finally {
      db.exec("DETACH DATABASE cube_build");
    }
  } finally {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(buildFile + suffix, { force: true });
  }
}

/**
 * Builds a dataset's planned cubes one after another, each in a worker thread (one sort of the
 * rows: 1-4 s of CPU on 1M rows). Until one is built its charts are answered from the raw rows,
 * with the same figures. Failures are logged; a view ten minutes later retries.
 */
export function scheduleCubeBuilds(dataset: Dataset): Promise<void> {
  const key = datasetSignature(dataset);
  const pending = building.get(key);
  if (pending) return pending;
  const run = (async () => {
    for (const plan of readCubes(getDb(), dataset.id)) {
      if (plan.cells !== null) continue;
      await buildCube(dataset, plan);
    }
  })()
    .catch((error: unknown) => {
      if (reportUnlessGone(dataset, "cubes", error)) failedAt.set(key, Date.now());
    })
    .finally(() => building.delete(key));
  building.set(key, run);
  return run;
}

export interface GroupedSource {
  table: string;
  where: { sql: string; params: SqlValue[] };
  /** The aggregate and row-count expressions over a cube; null for raw rows. */
  measures: { value: string; n: string } | null;
  /** The raw rows a row of `table` stands for: COUNT(*) on raw rows, SUM(n) on a cube. */
  rowCount: string;
}

export interface SourceRequest {
  /** Every column the group and representative expressions read. */
  columns: readonly (Col | null)[];
  filters: readonly ExplorerFilter[];
  /** Columns whose missing values drop a row. */
  notNull: readonly Col[];
  /** "median" for anything that needs Y's every value (medians, quartiles). */
  agg: Aggregation;
  /** The column aggregated; null for counts. */
  y: Col | null;
}

function positionOf(dataset: Dataset, name: string): number {
  return dataset.columns.find((c) => c.name === name)?.position ?? -1;
}

function andWhere(where: { sql: string; params: SqlValue[] }, clause: string) {
  return { sql: `${where.sql ? `${where.sql} AND` : "WHERE"} ${clause}`, params: where.params };
}

function fromCube(dataset: Dataset, cube: Cube, request: SourceRequest): GroupedSource | null {
  const read = [
    ...request.columns.filter((c): c is Col => c !== null).map((c) => c.name),
    ...request.notNull.map((c) => c.name),
    ...request.filters.map((f) => f.column),
  ];
  if (!read.every((name) => cube.dims.has(positionOf(dataset, name)))) return null;
  const where = whereClause(
    dataset,
    request.filters,
    request.notNull.map((c) => c.ident),
  );
  const rows = `SUM(${cubeMeasure.rows})`;
  const y = request.agg === "count" ? null : request.y;
  if (!y) return { table: cube.table, where, measures: { value: rows, n: rows }, rowCount: rows };
  const p = positionOf(dataset, y.name);
  if (cube.dims.has(p)) {
    // Y is a dim: each cube row holds n rows of the one value y.ident.
    const value = {
      sum: `SUM(${y.ident} * ${cubeMeasure.rows})`,
      mean: `CAST(SUM(${y.ident} * ${cubeMeasure.rows}) AS REAL) / ${rows}`,
      min: `MIN(${y.ident})`,
      max: `MAX(${y.ident})`,
      median: null,
    }[request.agg as "sum" | "mean" | "min" | "max" | "median"];
    return {
      table: cube.table,
      where: andWhere(where, `${y.ident} IS NOT NULL`),
      measures: value ? { value, n: rows } : null,
      rowCount: rows,
    };
  }
  if (request.agg === "median" || !cube.measures.has(p)) return null;
  const count = cubeMeasure.count(p);
  const value = {
    sum: `SUM(${cubeMeasure.sum(p)})`,
    mean: `CAST(SUM(${cubeMeasure.sum(p)}) AS REAL) / SUM(${count})`,
    min: `MIN(${cubeMeasure.min(p)})`,
    max: `MAX(${cubeMeasure.max(p)})`,
  }[request.agg as "sum" | "mean" | "min" | "max"];
  // A cell whose rows all miss Y has no row left once raw rows drop missing values.
  return {
    table: cube.table,
    where: andWhere(where, `${count} > 0`),
    measures: { value, n: `SUM(${count})` },
    rowCount: rows,
  };
}

/**
 * The smallest cube that answers the request (its groups, filters and non-null checks read only
 * the cube's dims, and Y is a dim or, but for medians, has measures there), else null.
 */
export function cubeSource(
  dataset: Dataset,
  cubes: readonly Cube[],
  request: SourceRequest,
): GroupedSource | null {
  let best: { source: GroupedSource; cells: number } | null = null;
  for (const cube of cubes) {
    if (best && best.cells <= cube.cells) continue;
    const source = fromCube(dataset, cube, request);
    if (source) best = { source, cells: cube.cells };
  }
  return best?.source ?? null;
}

/** Where a grouped query reads: the smallest cube that can answer, else the raw rows of `table`. */
export function groupedSource(
  dataset: Dataset,
  table: string,
  cubes: readonly Cube[],
  request: SourceRequest,
): GroupedSource {
  return (
    cubeSource(dataset, cubes, request) ?? {
      table,
      where: whereClause(dataset, request.filters, [
        ...request.notNull.map((c) => c.ident),
        ...(request.agg !== "count" && request.y ? [request.y.ident] : []),
      ]),
      measures: null,
      rowCount: "COUNT(*)",
    }
  );
}
