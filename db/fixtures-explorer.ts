// `tsx --conditions=react-server db/fixtures-explorer.ts <database file>`: adds the Explorer's e2e
// datasets (until CSV imports exist) to an existing database that has the demo users: a private
// and a public dataset owned by alice. Prints their ids as JSON on the last line.
import path from "node:path";
import { createFixtureDataset, salesRows, SALES_COLUMNS } from "../lib/datasets/explorer/test-fixtures";
import { openDatabase } from "./connection";

const file = process.argv[2];
if (!file) {
  console.error("usage: db/fixtures-explorer.ts <database file>");
  process.exit(2);
}
const db = openDatabase(path.resolve(file));
try {
  const alice = db.prepare(`SELECT id FROM users WHERE username = 'alice'`).get() as
    { id: number } | undefined;
  if (!alice) throw new Error("the demo user alice does not exist in this database");
  const privateId = createFixtureDataset(db, {
    ownerId: alice.id,
    name: "Alice's private sales",
    visibility: "private",
    columns: SALES_COLUMNS,
    rows: salesRows(3_000, 11),
  });
  const publicId = createFixtureDataset(db, {
    ownerId: alice.id,
    name: "Public sales sample",
    visibility: "public",
    columns: SALES_COLUMNS,
    rows: salesRows(3_000, 12),
  });
  console.log(JSON.stringify({ privateId, publicId }));
} finally {
  db.close();
}
