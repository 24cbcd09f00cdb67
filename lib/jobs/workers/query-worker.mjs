// Runs read-only queries the server built (lib/worker-thread.ts, readQueries) on a
// connection of its own in a worker thread: a GROUP BY that sorts a million rows holds its thread
// for 0.5-2 s, which on the server's thread every other request would wait out. Read-only on
// purpose: this thread may load another copy of better-sqlite3 (a second SQLite instance that does
// not see the server's locks), and a connection there that could write would checkpoint and delete
// the WAL on close, under the server's connection.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { databaseFile, queries } = workerData;
const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
try {
  db.pragma("busy_timeout = 5000");
  db.pragma("cache_size = -65536");
  // One read transaction: every query sees the same snapshot.
  const results = db.transaction(() => queries.map(({ sql, params }) => db.prepare(sql).all(...params)))();
  parentPort.postMessage(results);
} finally {
  db.close();
}
