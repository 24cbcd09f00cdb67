import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { columnIdent, datasetTable } from "../data/datasets";
import { getDb } from "../db";
import { readQueries } from "../worker-thread";
import { widthProblem } from "./analyse";
import {
  INVALID,
  parseCell,
  SQL_TYPES,
  TYPE_DESCRIPTIONS,
  type CellValue,
  type ColumnType,
} from "./column-types";
import { lineOfRecord, readCsvBatches } from "./csv-reader";
import { DatasetFileError } from "./errors";
import { scanColumnRanges, saveColumnStats, type StoredColumnRange } from "./explorer/column-stats";
import { cubePlanner, dropCubes, saveCube, type CubePlan } from "./explorer/cube-build";
import { scheduleCubeBuilds } from "./explorer/cube";
import { scheduleColumnStats } from "./explorer/stats";
import { sanitizeHeaders, type ColumnHeader } from "./headers";

export interface ImportOptions {
  /** The CSV file (already received). */
  file: string;
  /** Folder for the staging database (beside the main database, so on the same disk). */
  workDir: string;
  name: string;
  /** One type per column, in file order (inferred, possibly corrected by the user). */
  types: readonly ColumnType[];
  ownerId: number | null;
  source: "upload" | "builtin";
  visibility: "private" | "public";
  fileName: string | null;
  onProgress?: (progress: ImportProgress) => void;
}

export type ImportProgress = { phase: "rows"; rows: number } | { phase: "saving"; rows: number };

const PROGRESS_EVERY = 25_000;

function now(): string {
  return new Date().toISOString();
}

function describeValue(raw: string): string {
  return raw.length > 60 ? `"${raw.slice(0, 60)}…"` : `"${raw}"`;
}

/**
 * Imports a CSV file as a new dataset and returns its id and row count. Three steps:
 * 1. a datasets row with status 'importing' reserves the id (start-up deletes such rows left by a
 *    crash, lib/datasets/cleanup.ts);
 * 2. the rows are parsed, converted to their types and written to a throwaway staging database, in
 *    the background of the event loop (streaming, never the whole file in memory) and without
 *    holding the main database's write lock, so other writers (logins, other imports) are not
 *    blocked for the length of a big file;
 * 3. each column's range (count, min, max, mean: the Explorer's bins) is computed on the staging
 *    copy in one scan, and the Explorer's cubes (explorer/cube-build.ts) are planned there (still
 *    without the main database's lock);
 * 4. ONE transaction on the main database creates ds_<id>, copies every row from staging, records
 *    the columns, their ranges and the planned cubes and flips the status to 'ready'. The summary
 *    statistics the Explorer shows (one sort per column) are computed right after, in the
 *    background, and the cubes (one sort each) in a worker thread.
 * Any failure (a value that does not fit its type, a ragged row...) deletes the datasets row and
 * leaves no table: nothing is ever half-imported.
 */
export async function importCsv(options: ImportOptions): Promise<{ id: number; rows: number }> {
  const db = getDb();
  const created = now();
  const id = Number(
    db
      .prepare(
        `INSERT INTO datasets (owner_id, name, source, visibility, status, file_name, file_bytes, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'importing', ?, ?, ?, ?)`,
      )
      .run(
        options.ownerId,
        options.name,
        options.source,
        options.visibility,
        options.fileName,
        fs.statSync(options.file).size,
        created,
        created,
      ).lastInsertRowid,
  );
  const stagingFile = path.join(options.workDir, `ds-${id}.staging.db`);
  try {
    fs.mkdirSync(options.workDir, { recursive: true });
    const { columns, rows, ranges, cubes } = await stageRows(options, stagingFile);
    options.onProgress?.({ phase: "saving", rows });
    publish(db, id, stagingFile, columns, options.types, rows, ranges, cubes);
    const dataset = {
      id,
      name: options.name,
      ownerId: options.ownerId,
      visibility: options.visibility,
      source: options.source,
      rowCount: rows,
      columns: columns.map((c) => ({ ...c, type: options.types[c.position]! })),
    };
    void scheduleColumnStats(dataset);
    void scheduleCubeBuilds(dataset);
    return { id, rows };
  } catch (error) {
    removeDataset(db, id);
    throw error;
  } finally {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(stagingFile + suffix, { force: true });
  }
}

async function stageRows(
  options: ImportOptions,
  stagingFile: string,
): Promise<{
  columns: ColumnHeader[];
  rows: number;
  ranges: StoredColumnRange[];
  cubes: CubePlan[];
}> {
  const staging = new Database(stagingFile);
  try {
    // A throwaway file: no journal, no fsync. A crash just leaves a file start-up deletes.
    staging.pragma("journal_mode = OFF");
    staging.pragma("synchronous = OFF");
    let columns: ColumnHeader[] | null = null;
    let insert: Database.Statement | null = null;
    const types = options.types;
    let rows = 0;
    let reported = 0;
    staging.exec("BEGIN");
    const file = options.file;
    for await (const batch of readCsvBatches(file)) {
      for (const record of batch) {
        if (!columns) {
          columns = sanitizeHeaders(record);
          if (columns.length !== types.length)
            throw new DatasetFileError(
              `The file has ${columns.length} columns but ${types.length} types were given.`,
            );
          staging.exec(createTableSql("rows", types));
          insert = staging.prepare(`INSERT INTO rows VALUES (${["?", ...types.map(() => "?")].join(", ")})`);
          continue;
        }
        const problem = widthProblem(record, columns);
        if (problem) throw new DatasetFileError(problem(await lineOfRecord(file, rows + 1)));
        const values: CellValue[] = new Array<CellValue>(types.length + 1);
        values[0] = rows + 1;
        for (let i = 0; i < types.length; i++) {
          const raw = record[i]!;
          const value = parseCell(types[i]!, raw);
          if (value === INVALID) {
            const line = await lineOfRecord(file, rows + 1);
            throw new DatasetFileError(
              `Line ${line}, column ${i + 1} ("${columns[i]!.name}"): ${describeValue(raw)} is not ${TYPE_DESCRIPTIONS[types[i]!]}. Change the column's type or fix the file.`,
            );
          }
          values[i + 1] = value;
        }
        insert!.run(values);
        rows++;
      }
      if (rows - reported >= PROGRESS_EVERY) {
        reported = rows;
        options.onProgress?.({ phase: "rows", rows });
      }
    }
    if (!columns) throw new DatasetFileError("The file is empty.");
    if (rows === 0) throw new DatasetFileError("The file has a header line but no data rows.");
    staging.exec("COMMIT");
    options.onProgress?.({ phase: "rows", rows });
    const statsColumns = columns.map((c) => ({
      position: c.position,
      ident: columnIdent(c.position),
      name: c.name,
      type: types[c.position]!,
    }));
    // The scans behind the ranges and the cube plan (1.2 s and up to 0.5 s each at 1M rows) run on
    // worker threads for a big file: the event loop stays free for other requests.
    const ranges = await scanColumnRanges(staging, "rows", statsColumns, rows);
    const planner = cubePlanner(
      "rows",
      statsColumns,
      new Map(ranges.map((r) => [r.position, r.range])),
      rows,
    );
    let step = planner.next();
    while (!step.done) {
      const [found] = await readQueries<{ n: number }>(staging, [step.value], rows);
      step = planner.next(found![0]!.n);
    }
    return { columns, rows, ranges, cubes: step.value };
  } finally {
    staging.close();
  }
}

/** `CREATE TABLE <table> (_row INTEGER PRIMARY KEY, c0 <type>, ...)`: identifiers made here only. */
function createTableSql(table: string, types: readonly ColumnType[]): string {
  const columns = types.map((type, position) => `${columnIdent(position)} ${SQL_TYPES[type]}`);
  return `CREATE TABLE ${table} (_row INTEGER PRIMARY KEY, ${columns.join(", ")})`;
}

/**
 * Makes the staged rows dataset `id` in ONE transaction: creates ds_<id>, copies every row, records
 * the columns, ranges and planned cubes and flips the status to 'ready'. The copy (1.8 s at 1M rows
 * x 10 columns) stays on this thread: a worker thread's connection is a second SQLite library
 * instance when it resolves another copy of better-sqlite3 (the standalone server's bundle does),
 * and closing a connection that wrote made that instance checkpoint and delete the WAL under this
 * one (reliability/faults.spec.ts caught the commits that followed going to the deleted file).
 * Read-only workers cannot checkpoint, so the scans before and after this run there.
 */
function publish(
  db: Database.Database,
  id: number,
  stagingFile: string,
  columns: readonly ColumnHeader[],
  types: readonly ColumnType[],
  rows: number,
  ranges: readonly StoredColumnRange[],
  cubes: readonly CubePlan[],
): void {
  const table = datasetTable(id);
  const names = ["_row", ...types.map((_, position) => columnIdent(position))].join(", ");
  // ATTACH cannot run inside a transaction; the path is server-made (workDir + integer id).
  db.prepare("ATTACH DATABASE ? AS staging").run(stagingFile);
  try {
    db.transaction(() => {
      db.exec(createTableSql(`main.${table}`, types));
      db.exec(`INSERT INTO main.${table} (${names}) SELECT ${names} FROM staging.rows ORDER BY _row`);
      const addColumn = db.prepare(
        "INSERT INTO dataset_columns (dataset_id, position, header, name, type) VALUES (?, ?, ?, ?, ?)",
      );
      for (const column of columns)
        addColumn.run(id, column.position, column.header, column.name, types[column.position]);
      saveColumnStats(db, id, ranges);
      for (const cube of cubes) saveCube(db, id, cube, null);
      const flipped = db
        .prepare(
          "UPDATE datasets SET status = 'ready', row_count = ?, updated_at = ? WHERE id = ? AND status = 'importing'",
        )
        .run(rows, now(), id);
      // Start-up cleanup of another process could have removed the row meanwhile.
      if (flipped.changes !== 1) throw new Error(`dataset ${id} vanished during its import`);
    }).immediate();
  } finally {
    db.exec("DETACH DATABASE staging");
  }
}

/** Deletes a dataset's row (its columns and cube rows cascade), table and cubes in one transaction. */
export function removeDataset(db: Database.Database, id: number): void {
  db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS main.${datasetTable(id)}`);
    dropCubes(db, id);
    db.prepare("DELETE FROM datasets WHERE id = ?").run(id);
  }).immediate();
}
