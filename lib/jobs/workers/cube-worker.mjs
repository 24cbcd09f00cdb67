// Builds one Explorer cube in a worker thread (started by lib/datasets/explorer/cube.ts), so the
// sort behind it (1-4 s of CPU on 1M rows) never blocks the server's event loop. It groups the
// dataset's rows, read through an attached connection to the database (WAL lets it read while
// the server writes), into its own throwaway file; the server thread then copies the small
// result into the database in one transaction with the cube's catalogue row.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { createCube } from "./cube-build.mjs";

const { databaseFile, buildFile, table, plan } = workerData;
const db = new Database(buildFile);
try {
  // A throwaway file: no journal, no fsync. A crash leaves a file start-up deletes.
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.pragma("busy_timeout = 5000");
  db.pragma("cache_size = -65536");
  db.prepare("ATTACH DATABASE ? AS src").run(databaseFile);
  // `table` is ds_<id>, made by the server from an integer.
  if (!/^ds_[1-9][0-9]*$/.test(table)) throw new Error(`invalid table ${table}`);
  const cells = createCube(db, `src.${table}`, "main.cube", plan);
  db.exec("DETACH DATABASE src");
  parentPort.postMessage({ cells });
} finally {
  db.close();
}
