import { createRandom } from "../../../db/random";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import type { ColumnType } from "../../data/datasets";
import type { ExplorerState } from "./state";
import { computeColumnStats, saveColumnStats } from "./column-stats";
import { createCube, cubeTableName, planCubes, saveCube } from "./cube-build";

// Writes datasets the way the CSV import lays them out (db/migrations/004-datasets.ts): a 'ready'
// catalogue row, dataset_columns, and table ds_<id> with `_row INTEGER PRIMARY KEY` and c0..cK.
// Used by unit tests, the e2e seeding script (db/fixtures-explorer.ts) and the benchmark, until
// real imports exist. Identifiers come from integers only.

const SQL_TYPES: Record<ColumnType, string> = {
  integer: "INTEGER",
  number: "REAL",
  date: "TEXT",
  datetime: "TEXT",
  boolean: "INTEGER",
  text: "TEXT",
};

export type FixtureValue = string | number | null;

export interface FixtureDataset {
  ownerId: number | null;
  name: string;
  visibility?: "private" | "public";
  columns: { name: string; type: ColumnType }[];
  rows: Iterable<FixtureValue[]>;
  /** Build the Explorer's cubes like the import and the build right after it do (default true). */
  cube?: boolean;
}

/** Creates the dataset (rows, column statistics and cubes) in one transaction and returns its id. */
export function createFixtureDataset(db: Database.Database, dataset: FixtureDataset): number {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO datasets (owner_id, name, source, visibility, status, row_count, created_at, updated_at)
         VALUES (?, ?, 'upload', ?, 'importing', 0, ?, ?)`,
      )
      .run(dataset.ownerId, dataset.name, dataset.visibility ?? "private", now, now);
    const id = Number(lastInsertRowid);
    const addColumn = db.prepare(
      `INSERT INTO dataset_columns (dataset_id, position, header, name, type) VALUES (?, ?, ?, ?, ?)`,
    );
    dataset.columns.forEach((column, position) =>
      addColumn.run(id, position, column.name, column.name, column.type),
    );
    const defs = dataset.columns.map((column, i) => `c${i} ${SQL_TYPES[column.type]}`).join(", ");
    db.exec(`CREATE TABLE ds_${id} (_row INTEGER PRIMARY KEY, ${defs})`);
    const insert = db.prepare(
      `INSERT INTO ds_${id} (${dataset.columns.map((_, i) => `c${i}`).join(", ")}) VALUES (${dataset.columns.map(() => "?").join(", ")})`,
    );
    let count = 0;
    for (const row of dataset.rows) {
      insert.run(row);
      count++;
    }
    // Like the import: the per-column statistics are stored with the rows.
    const columns = dataset.columns.map((column, position) => ({
      ...column,
      position,
      ident: `c${position}`,
    }));
    const stats = computeColumnStats(db, `ds_${id}`, columns, count);
    saveColumnStats(db, id, stats);
    const plans =
      dataset.cube === false
        ? []
        : planCubes(db, `ds_${id}`, columns, new Map(stats.map((s) => [s.position, s.range])), count);
    for (const plan of plans)
      saveCube(db, id, plan, createCube(db, `ds_${id}`, cubeTableName(id, plan.cube), plan));
    db.prepare(`UPDATE datasets SET status = 'ready', row_count = ? WHERE id = ?`).run(count, id);
    return id;
  })();
}

export const SALES_COLUMNS: { name: string; type: ColumnType }[] = [
  { name: "day", type: "date" },
  { name: "time", type: "datetime" },
  { name: "year", type: "integer" },
  { name: "region", type: "text" },
  { name: "category", type: "text" },
  { name: "country", type: "text" },
  { name: "price", type: "number" },
  { name: "quantity", type: "integer" },
  { name: "score", type: "number" },
  { name: "returned", type: "boolean" },
];

const REGIONS = ["North", "South", "East", "West", "Central"];
const CATEGORIES = ["Books", "Games", "Garden", "Kitchen", "Music", "Office", "Sports", "Toys"];

/**
 * `count` deterministic rows of SALES_COLUMNS spread over 2015-2024: a date and a timestamp per
 * row (ascending), categories, 40 countries, a skewed price, quantities, a score missing in ~5% of
 * rows and a returned flag.
 */
export function* salesRows(count: number, seed = 7): Generator<FixtureValue[]> {
  const random = createRandom(seed);
  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2025, 0, 1) - start;
  for (let i = 0; i < count; i++) {
    const time = new Date(start + Math.floor((i / count) * span) + Math.floor(random() * 1000));
    const iso = time.toISOString();
    const region = REGIONS[Math.floor(random() * REGIONS.length)]!;
    const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)]!;
    const price = Math.round(Math.exp(random() * 5) * 100) / 100;
    const quantity = 1 + Math.floor(random() * 9);
    yield [
      iso.slice(0, 10),
      iso.slice(0, 19),
      time.getUTCFullYear(),
      region,
      category,
      `Country ${String(1 + Math.floor(random() * 40)).padStart(2, "0")}`,
      price,
      quantity,
      random() < 0.05 ? null : Math.round((random() * 60 + quantity * 4) * 10) / 10,
      random() < 0.08 ? 1 : 0,
    ];
  }
}

/**
 * For unit tests: points the server modules at a fresh temporary database file (call before
 * importing them); returns a cleanup.
 */
export function setUpTempDatabase(name: string): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `chartroom-${name}-`));
  const file = path.join(dir, "test.db");
  process.env.DATABASE_PATH = file;
  process.env.BCRYPT_COST = "4";
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A count of rows per region: the chart state the Explorer tests vary one field at a time. */
export const BASE_STATE: ExplorerState = {
  chart: "bar",
  x: "region",
  y: null,
  color: null,
  agg: "count",
  frame: null,
  filters: [],
};
