// Copies a staged CSV import into its dataset table in a worker thread (started by
// lib/datasets/import.ts): the one INSERT ... SELECT of every row (1.8 s at 1M rows x 10 columns)
// blocked the server's event loop, so every other request waited for it. Its own connection
// commits the new table alone; the server thread then records the dataset in one transaction,
// and start-up removes the table of an import that never got that far.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { databaseFile, stagingFile, table, createSql, columns } = workerData;
// Identifiers made by the server from integers (lib/datasets/import.ts); checked again here.
if (!/^ds_[1-9][0-9]*$/.test(table)) throw new Error(`invalid table ${table}`);
if (!columns.every((c) => /^(_row|c[0-9]+)$/.test(c))) throw new Error("invalid column list");
if (!createSql.startsWith(`CREATE TABLE main.${table} (`)) throw new Error("invalid table definition");

const db = new Database(databaseFile);
try {
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -65536");
  db.prepare("ATTACH DATABASE ? AS staging").run(stagingFile);
  const names = columns.join(", ");
  const rows = db
    .transaction(() => {
      db.exec(createSql);
      return db
        .prepare(`INSERT INTO main.${table} (${names}) SELECT ${names} FROM staging.rows ORDER BY _row`)
        .run().changes;
    })
    .immediate();
  db.exec("DETACH DATABASE staging");
  parentPort.postMessage({ rows });
} finally {
  db.close();
}
