import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./connection";
import { generateDemoData } from "./demo-data";
import { rebuildRollups } from "./rollups";
import { ROLLUP_TABLES } from "./rollup-tables.fixture";

// The generator writes the rollups from the sums it keeps while drawing orders; rebuildRollups,
// which reads only the stored orders, is the reference they must equal row for row.

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-demo-rollups-"));
  db = openDatabase(path.join(dir, "test.db"));
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// quote() keeps the storage class visible: an integer 5 and a real 5.0 would compare equal as
// JavaScript numbers, but not as the bytes the queries read.
function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(
    ROLLUP_TABLES.map((table) => {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (column) => `quote(${column.name})`,
      );
      return [table, db.prepare(`SELECT ${columns.join(" || ',' || ")} AS r FROM ${table} ORDER BY 1`).all()];
    }),
  );
}

const version = () => (db.prepare("SELECT version FROM rollup_control").get() as { version: number }).version;

describe("generateDemoData rollups", () => {
  it.each([
    ["sparse, with entities missing whole months and years", 150],
    ["busier, with several orders per store and month", 10_000],
  ])("equal a rebuild from the stored orders row for row (%s)", (_, rows) => {
    generateDemoData(db, { rows });
    expect(db.prepare("SELECT deferred FROM rollup_control").get()).toEqual({ deferred: 0 });
    const generated = snapshot();
    const generatedVersion = version();
    db.transaction(() => rebuildRollups(db))();
    const rebuilt = snapshot();
    for (const table of ROLLUP_TABLES) {
      expect(generated[table]!.length, table).toBeGreaterThan(0);
      expect(generated[table], table).toEqual(rebuilt[table]);
    }
    expect(version()).toBe(generatedVersion + 1);
  });
});
