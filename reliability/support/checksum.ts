import crypto from "node:crypto";
import Database from "better-sqlite3";

/**
 * A digest of every row of every table (except `skip`), read through its own read-only
 * connection: equal digests before and after mean nothing stored changed.
 */
export function tableChecksums(file: string, skip: readonly string[] = []): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const sums: Record<string, string> = {};
    for (const table of tables.filter((name) => !skip.includes(name))) {
      const hash = crypto.createHash("sha256");
      // Table names come from sqlite_master, never from input.
      for (const row of db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" ORDER BY 1, 2`).iterate())
        hash.update(JSON.stringify(row));
      sums[table] = hash.digest("hex");
    }
    return sums;
  } finally {
    db.close();
  }
}
