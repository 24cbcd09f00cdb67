import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFF_THREAD_ROWS, readQueries } from "./worker-thread";

let dir: string;
let db: Database.Database;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-thread-"));
  db = new Database(path.join(dir, "t.db"));
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (k TEXT, v REAL)");
  const insert = db.prepare("INSERT INTO t VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(`k${i % 7}`, i / 4);
  })();
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("readQueries", () => {
  const queries = [
    { sql: "SELECT k, COUNT(*) AS n, SUM(v) AS s FROM t GROUP BY k ORDER BY k", params: [] },
    { sql: "SELECT MAX(v) AS top FROM t WHERE k = ?", params: ["k3"] },
  ];

  it("answers the same rows on a worker thread (big tables) as on the caller's connection", async () => {
    const direct = queries.map((q) => db.prepare(q.sql).all(...q.params));
    expect(direct[0]).toHaveLength(7);
    expect(await readQueries(db, queries, 0)).toEqual(direct);
    expect(await readQueries(db, queries, OFF_THREAD_ROWS)).toEqual(direct);
  });

  it("cannot write from the worker thread: its connection is read-only", async () => {
    await expect(
      readQueries(db, [{ sql: "DELETE FROM t RETURNING k", params: [] }], OFF_THREAD_ROWS),
    ).rejects.toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 1000 });
  });
});
