import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./connection";
import { generateDemoData } from "./demo-data";
import { rebuildRollups } from "./rollups";
import { ROLLUP_TABLES } from "./rollup-tables.fixture";

// The triggers must leave every rollup table exactly as a rebuild from the raw orders would: same
// rows, same integers. Each test writes through plain SQL, snapshots the rollups, rebuilds, and
// compares.

let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-rollups-"));
  db = openDatabase(path.join(dir, "test.db"));
  generateDemoData(db, { rows: 3_000 });
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(
    ROLLUP_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
  );
}

function expectRollupsEqualRebuild() {
  const maintained = snapshot();
  db.transaction(() => rebuildRollups(db))();
  const rebuilt = snapshot();
  for (const table of ROLLUP_TABLES) expect(maintained[table], table).toEqual(rebuilt[table]);
}

const insert = (
  day: string,
  store: number,
  product: number,
  channel: string,
  revenue: number,
  cost: number,
) =>
  db
    .prepare(
      "INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost) VALUES (?, ?, ?, ?, 2, ?, ?)",
    )
    .run(day, store, product, channel, revenue, cost).lastInsertRowid as number;

describe("rollup triggers", () => {
  it("keep rollups equal to a rebuild after inserts on new and existing days, at period edges", () => {
    insert("2019-07-15", 1, 1, "Online", 12.34, 5.67); // before the data: new year, month and day rows
    insert("2022-01-31", 7, 30, "Partner", 99.99, 50.01);
    insert("2022-02-01", 7, 30, "Partner", 0.01, 0);
    insert("2023-12-31", 60, 240, "In-store", 1234.5, 600.25);
    insert("2024-01-01", 60, 240, "Online", 0.3, 0.1);
    insert("2024-02-29", 13, 77, "Online", 45.6, 20);
    insert("2023-06-14", 22, 101, "Partner", 19.99, 9.5); // mid-month, before existing later rows
    insert("2026-03-01", 2, 2, "Online", 5, 1); // after the data
    db.prepare(
      `INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost)
       VALUES ('2022-05-05', 3, 4, 'Online', 1, 10.1, 5), ('2022-05-05', 3, 4, 'Online', 1, 20.2, 5),
              ('2022-05-06', 4, 4, 'In-store', 1, 30.3, 5)`,
    ).run();
    expectRollupsEqualRebuild();
  });

  it("keep rollups equal to a rebuild after updates of every rolled-up column", () => {
    const ids = (db.prepare("SELECT id FROM orders ORDER BY id LIMIT 8").all() as { id: number }[]).map(
      (r) => r.id,
    );
    const update = (sql: string, id: number) => db.prepare(`UPDATE orders SET ${sql} WHERE id = ?`).run(id);
    update("day = '2024-12-31'", ids[0]!); // across years
    update("day = date(day, '+1 month')", ids[1]!); // across months
    update("product_id = CASE product_id WHEN 1 THEN 2 ELSE 1 END", ids[2]!); // other product and category
    update("store_id = CASE store_id WHEN 1 THEN 40 ELSE 1 END", ids[3]!); // other store and region
    update("channel = CASE channel WHEN 'Online' THEN 'Partner' ELSE 'Online' END", ids[4]!);
    update("revenue = revenue + 0.07, cost = cost - 0.01", ids[5]!);
    update("quantity = quantity + 1", ids[6]!); // not rolled up: no change
    update(
      "day = '2019-01-01', store_id = 5, product_id = 6, channel = 'In-store', revenue = 1, cost = 0.5",
      ids[7]!,
    );
    db.prepare(
      "UPDATE orders SET revenue = revenue * 1.1 WHERE day BETWEEN '2023-03-28' AND '2023-04-03'",
    ).run();
    expectRollupsEqualRebuild();
  });

  it("keep rollups equal to a rebuild after deletes, dropping rows of periods left without orders", () => {
    const lonely = db
      .prepare("SELECT MIN(id) AS id FROM orders GROUP BY product_id, day HAVING COUNT(*) = 1 LIMIT 1")
      .get() as { id: number };
    db.prepare("DELETE FROM orders WHERE id = ?").run(lonely.id);
    const only = insert("2019-03-03", 9, 9, "Online", 10, 5);
    db.prepare("DELETE FROM orders WHERE id = ?").run(only); // the only order of 2019
    db.prepare("DELETE FROM orders WHERE store_id = 11 AND day LIKE '2022-07-%'").run();
    db.prepare("DELETE FROM orders WHERE product_id = 17").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM agg_year WHERE year = '2019-01-01'").get()).toEqual({
      n: 0,
    });
    expectRollupsEqualRebuild();
  });

  it("keep rollups equal to a rebuild after INSERT OR REPLACE and upserts of existing orders", () => {
    const { id } = db.prepare("SELECT MAX(id) AS id FROM orders").get() as { id: number };
    db.prepare(
      `INSERT OR REPLACE INTO orders (id, day, store_id, product_id, channel, quantity, revenue, cost)
       VALUES (?, '2021-08-08', 8, 8, 'Online', 1, 8.88, 4)`,
    ).run(id);
    db.prepare(
      `INSERT INTO orders (id, day, store_id, product_id, channel, quantity, revenue, cost)
       VALUES (?, '2021-09-09', 9, 9, 'Partner', 1, 9.99, 4)
       ON CONFLICT (id) DO UPDATE SET day = excluded.day, revenue = excluded.revenue`,
    ).run(id - 1);
    expectRollupsEqualRebuild();
  });

  it("refuse an order on a day that is not a real date and leave the rollups untouched", () => {
    const before = snapshot();
    expect(() => insert("2025-02-30", 1, 1, "Online", 1, 1)).toThrow(/real calendar date/);
    expect(() => db.prepare("UPDATE orders SET day = '2024-13-01' WHERE id = 1").run()).toThrow(
      /real calendar date/,
    );
    expect(snapshot()).toEqual(before);
  });

  it("refuse an order for a product whose category the rollups do not know", () => {
    db.prepare(
      "INSERT INTO products (id, name, category, unit_price) VALUES (999, 'Mystery Box', 'Gadgets', 5)",
    ).run();
    expect(() => insert("2024-05-05", 1, 999, "Online", 5, 1)).toThrow(/known category/);
  });

  it("refuse moving a store with orders to another region", () => {
    expect(() =>
      db.prepare("UPDATE stores SET region = 'East' WHERE id = 1 AND region <> 'East'").run(),
    ).toThrow(/cannot change/);
  });

  it("bump the data version on every change to orders", () => {
    const version = () =>
      (db.prepare("SELECT version FROM rollup_control").get() as { version: number }).version;
    const start = version();
    const id = insert("2024-05-05", 1, 1, "Online", 5, 1);
    db.prepare("UPDATE orders SET revenue = 6 WHERE id = ?").run(id);
    db.prepare("DELETE FROM orders WHERE id = ?").run(id);
    expect(version()).toBe(start + 3);
  });
});

describe("rebuildRollups", () => {
  it("rejects bulk-loaded orders on a day that is not a real date", () => {
    db.prepare("UPDATE rollup_control SET deferred = 1").run();
    insert("2023-02-29", 1, 1, "Online", 1, 1);
    expect(() => db.transaction(() => rebuildRollups(db))()).toThrow(/real calendar date/);
  });
});
