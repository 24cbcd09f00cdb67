import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrate";

/**
 * Opens the database with the settings every Chartroom process relies on and brings its schema
 * up to date. WAL lets readers run while the live feed or an import writes; the busy timeout makes
 * a second process wait for a lock instead of failing at once.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // `INSERT OR REPLACE INTO orders` deletes the row it replaces; only with recursive triggers on
  // does that delete fire the rollup trigger, so without it the replaced order is counted twice.
  db.pragma("recursive_triggers = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("cache_size = -65536");
  migrate(db);
  return db;
}
