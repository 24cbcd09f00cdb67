import "server-only";
import type Database from "better-sqlite3";
import { removeDataset } from "./import";
import { pruneStaleUploads } from "./uploads";

/**
 * Start-up work: a dataset still 'importing' when the server starts was cut off by a crash or a
 * restart (an import runs inside one server process), so its row and any table are deleted, with
 * staging files and day-old uploads. A scan of the small catalogue table: cheap.
 */
export function removeUnfinishedImports(db: Database.Database): number {
  const ids = db.prepare("SELECT id FROM datasets WHERE status = 'importing'").pluck().all() as number[];
  for (const id of ids) removeDataset(db, id);
  pruneStaleUploads({ staging: true });
  return ids.length;
}
