import "server-only";
import { LruCache } from "../../cache";
import { datasetTable, type Dataset } from "../../data/datasets";
import { getDb } from "../../db";
import {
  computeColumnRanges,
  computeColumnSummaries,
  readColumnStats,
  saveColumnStats,
  type ColumnRange,
  type ColumnStats,
  type StatsColumn,
} from "./column-stats";
import { columnOf } from "./sql";

export type { ColumnRange, ColumnStats } from "./column-stats";

// Column ranges and summary statistics. The import stores the ranges and computes the summaries
// right after it (scheduleColumnStats), into dataset_column_stats, so a view reads ten small rows
// instead of scanning the table. A view that comes first (or a dataset imported before that table
// existed) computes what is missing, stores it and shares it with concurrent requests. Answers are
// cached per dataset (keyed by id, row count and column layout, so a reused id cannot be served
// another dataset's figures).

const DAY = 24 * 3600 * 1000;

export function datasetSignature(dataset: Dataset): string {
  return `${dataset.id}:${dataset.rowCount}:${dataset.columns.map((c) => `${c.name}/${c.type}`).join("|")}`;
}

const rangeCache = new LruCache<Map<number, ColumnRange>>({ maxEntries: 100, ttlMs: DAY });
const statsCache = new LruCache<Map<number, ColumnStats>>({ maxEntries: 50, ttlMs: DAY });

function statsColumns(dataset: Dataset): StatsColumn[] {
  return dataset.columns.map((c) => ({ ...columnOf(dataset, c.name), position: c.position }));
}

/**
 * Whether the catalogue still holds this dataset with this layout: it may have been deleted
 * meanwhile, and its id reused by a later import.
 */
export function stillThere(dataset: Dataset): boolean {
  const db = getDb();
  const row = db
    .prepare("SELECT row_count FROM datasets WHERE id = ? AND status = 'ready'")
    .get(dataset.id) as { row_count: number } | undefined;
  if (!row || row.row_count !== dataset.rowCount) return false;
  const columns = db
    .prepare("SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position")
    .all(dataset.id) as { name: string; type: string }[];
  return (
    columns.length === dataset.columns.length &&
    columns.every((c, i) => c.name === dataset.columns[i]!.name && c.type === dataset.columns[i]!.type)
  );
}

/** Writes only for the dataset the figures were computed from. */
function store(dataset: Dataset, write: () => void): void {
  getDb()
    .transaction(() => {
      if (stillThere(dataset)) write();
    })
    .immediate();
}

function storedRanges(dataset: Dataset): Promise<Map<number, ColumnRange>> {
  return rangeCache.getOrCompute(datasetSignature(dataset), () => {
    const db = getDb();
    const stored = readColumnStats(db, dataset.id, dataset.columns.length);
    if (stored) return new Map([...stored].map(([position, s]) => [position, s.range]));
    const ranges = computeColumnRanges(db, datasetTable(dataset.id), statsColumns(dataset));
    store(dataset, () => saveColumnStats(db, dataset.id, ranges));
    return new Map(ranges.map((r) => [r.position, r.range]));
  });
}

function storedSummaries(dataset: Dataset): Promise<Map<number, ColumnStats>> {
  return statsCache.getOrCompute(datasetSignature(dataset), async () => {
    const db = getDb();
    const stored = readColumnStats(db, dataset.id, dataset.columns.length);
    if (stored && [...stored.values()].every((s) => s.stats !== null))
      return new Map([...stored].map(([position, s]) => [position, s.stats!]));
    const ranges = await storedRanges(dataset);
    const summaries = await computeColumnSummaries(
      db,
      datasetTable(dataset.id),
      statsColumns(dataset),
      ranges,
      dataset.rowCount,
    );
    store(dataset, () => saveColumnStats(db, dataset.id, summaries));
    return new Map(summaries.map((s) => [s.position, s.stats]));
  });
}

/** Count, min, max and mean of every column by name (the Explorer's bins start here). */
export async function getColumnRanges(dataset: Dataset): Promise<Map<string, ColumnRange>> {
  const ranges = await storedRanges(dataset);
  return new Map(dataset.columns.map((c) => [c.name, ranges.get(c.position)!]));
}

/** Summary statistics of every column, in column order. */
export async function getColumnStats(dataset: Dataset): Promise<ColumnStats[]> {
  const summaries = await storedSummaries(dataset);
  return dataset.columns.map((c) => ({ ...summaries.get(c.position)!, name: c.name, type: c.type }));
}

/**
 * Computes and stores a freshly imported dataset's summaries in the background (the import only
 * stores the ranges): a first view arriving meanwhile joins this computation instead of starting
 * its own. Failures are logged; the next view retries.
 */
export function scheduleColumnStats(dataset: Dataset): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => getColumnStats(dataset))
    .then(
      () => undefined,
      (error: unknown) => {
        reportUnlessGone(dataset, "column statistics", error);
      },
    );
}

/**
 * Logs a failed background task of a dataset, and says whether it was logged: a dataset deleted
 * meanwhile (or a database closed by a shutting-down process) has nothing left to report.
 */
export function reportUnlessGone(dataset: Dataset, task: string, error: unknown): boolean {
  let gone = false;
  try {
    gone = !stillThere(dataset);
  } catch {
    gone = true;
  }
  if (!gone) console.error(`${task} of dataset ${dataset.id} failed`, error);
  return !gone;
}
