import type Database from "better-sqlite3";
import { retail } from "./migrations/001-retail";
import { rollups } from "./migrations/002-rollups";
import { auth } from "./migrations/003-auth";
import { datasets } from "./migrations/004-datasets";
import { savedCharts } from "./migrations/005-saved-charts";
import { preferences } from "./migrations/006-preferences";
import { details } from "./migrations/007-details";
import { jobs } from "./migrations/009-jobs";
import { live } from "./migrations/010-live";
import { datasetColumnStats } from "./migrations/011-dataset-column-stats";
import { datasetCubes } from "./migrations/012-dataset-cubes";

export interface Migration {
  /** Applied in ascending order; never renumber or edit a migration that has shipped. */
  id: number;
  name: string;
  up: string;
}

export const migrations: readonly Migration[] = [
  retail,
  rollups,
  auth,
  datasets,
  savedCharts,
  preferences,
  details,
  jobs,
  live,
  datasetColumnStats,
  datasetCubes,
];

/**
 * Applies every migration not yet recorded in schema_migrations, each in its own immediate
 * transaction, so two processes starting at once cannot both apply the same step and a failing
 * step leaves the schema as it was.
 */
export function migrate(db: Database.Database): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const isApplied = db.prepare<[number], { id: number }>("SELECT id FROM schema_migrations WHERE id = ?");
  const record = db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)");
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    db.transaction(() => {
      if (isApplied.get(migration.id)) return;
      db.exec(migration.up);
      record.run(migration.id, migration.name, new Date().toISOString());
      applied.push(migration.id);
    }).immediate();
  }
  return applied;
}
