import type Database from "better-sqlite3";

// Test helpers that write rows the way the features owning them do, straight through SQL: users
// (lib/auth/users.ts) and datasets (db/migrations/004-datasets.ts: catalogue rows plus ds_<id>
// with columns c0..cK), so job tests do not depend on those features' code.

export function insertUser(
  db: Database.Database,
  username: string,
  role: "admin" | "viewer" = "viewer",
): number {
  const at = new Date().toISOString();
  const info = db
    .prepare(
      `INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, 'x', ?, ?, ?)`,
    )
    .run(username, role, at, at);
  return Number(info.lastInsertRowid);
}

export type FixtureType = "integer" | "number" | "date" | "datetime" | "boolean" | "text";
const SQL_TYPES: Record<FixtureType, string> = {
  integer: "INTEGER",
  number: "REAL",
  date: "TEXT",
  datetime: "TEXT",
  boolean: "INTEGER",
  text: "TEXT",
};

export function insertDataset(
  db: Database.Database,
  input: {
    ownerId: number | null;
    name: string;
    visibility?: "private" | "public";
    columns: { name: string; type: FixtureType }[];
    rows: (string | number | null)[][];
  },
): number {
  return db.transaction(() => {
    const at = new Date().toISOString();
    const id = Number(
      db
        .prepare(
          `INSERT INTO datasets (owner_id, name, source, visibility, status, row_count, created_at, updated_at)
           VALUES (?, ?, 'upload', ?, 'ready', ?, ?, ?)`,
        )
        .run(input.ownerId, input.name, input.visibility ?? "private", input.rows.length, at, at)
        .lastInsertRowid,
    );
    const columns = input.columns.map((column, position) => `c${position} ${SQL_TYPES[column.type]}`);
    db.exec(`CREATE TABLE ds_${id} (_row INTEGER PRIMARY KEY, ${columns.join(", ")})`);
    const insertColumn = db.prepare(
      "INSERT INTO dataset_columns (dataset_id, position, header, name, type) VALUES (?, ?, ?, ?, ?)",
    );
    input.columns.forEach((column, position) =>
      insertColumn.run(id, position, column.name, column.name, column.type),
    );
    const names = input.columns.map((_, position) => `c${position}`).join(", ");
    const insertRow = db.prepare(
      `INSERT INTO ds_${id} (${names}) VALUES (${input.columns.map(() => "?").join(", ")})`,
    );
    for (const row of input.rows) insertRow.run(...row);
    return id;
  })();
}
