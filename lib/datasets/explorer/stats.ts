import "server-only";
import { LruCache } from "../../cache";
import { datasetTable, type Dataset } from "../../data/datasets";
import { getDb } from "../../db";
import {
  computeColumnStatsYielding,
  readColumnStats,
  saveColumnStats,
  type ColumnRange,
  type ColumnStats,
  type StoredColumnStats,
} from "./column-stats";
import { columnOf } from "./sql";

export type { ColumnRange, ColumnStats } from "./column-stats";

// Summary statistics and ranges per column. The import computes them once (column-stats.ts) and
// stores them in dataset_column_stats, so a view reads ten small rows instead of scanning the
// table. A dataset imported before that table existed gets them computed and stored on its first
// view. Answers are cached per dataset (keyed by id, row count and column layout, so a reused id
// cannot be served another dataset's figures).

const DAY = 24 * 3600 * 1000;

export function datasetSignature(dataset: Dataset): string {
  return `${dataset.id}:${dataset.rowCount}:${dataset.columns.map((c) => `${c.name}/${c.type}`).join("|")}`;
}

const storedCache = new LruCache<Map<number, StoredColumnStats>>({ maxEntries: 100, ttlMs: DAY });

function storedStats(dataset: Dataset): Promise<Map<number, StoredColumnStats>> {
  return storedCache.getOrCompute(datasetSignature(dataset), async () => {
    const db = getDb();
    const stored = readColumnStats(db, dataset.id, dataset.columns.length);
    if (stored) return stored;
    const computed = await computeColumnStatsYielding(
      db,
      datasetTable(dataset.id),
      dataset.columns.map((c) => ({ ...columnOf(dataset, c.name), position: c.position })),
      dataset.rowCount,
    );
    // The dataset may have been deleted meanwhile: only store figures of a dataset still there.
    db.transaction(() => {
      if (db.prepare("SELECT 1 FROM datasets WHERE id = ?").get(dataset.id))
        saveColumnStats(db, dataset.id, computed);
    }).immediate();
    return new Map(computed.map((column) => [column.position, column]));
  });
}

/** Count, min, max and mean of every column by name (the Explorer's bins start here). */
export async function getColumnRanges(dataset: Dataset): Promise<Map<string, ColumnRange>> {
  const stored = await storedStats(dataset);
  return new Map(dataset.columns.map((c) => [c.name, stored.get(c.position)!.range]));
}

/** Summary statistics of every column, in column order. */
export async function getColumnStats(dataset: Dataset): Promise<ColumnStats[]> {
  const stored = await storedStats(dataset);
  return dataset.columns.map((c) => ({ ...stored.get(c.position)!.stats, name: c.name, type: c.type }));
}
