import type { Migration } from "../migrate";

// Datasets that users bring (CSV upload) or that ship as built-in examples.
//
// - Each dataset's rows live in their own table, named `ds_<id>` by the server from the integer
//   id, with columns `c0`, `c1`, ... in file order: no SQL identifier is ever built from a file's
//   header or a user's input. The headers as written, the sanitized display names and the column
//   types are kept in dataset_columns.
// - status 'importing' marks a dataset whose table is being filled; the import creates the table,
//   fills it and flips the status in one transaction, so a crash leaves neither the table nor a
//   'ready' row behind. Rows still 'importing' at start-up are leftovers and are deleted.
// - visibility 'public' makes a dataset readable (never writable) by anyone, signed in or not.
export const datasets: Migration = {
  id: 4,
  name: "datasets",
  up: `
    CREATE TABLE datasets (
      id INTEGER PRIMARY KEY,
      owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      source TEXT NOT NULL CHECK (source IN ('upload', 'builtin')),
      visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'public')),
      status TEXT NOT NULL DEFAULT 'importing' CHECK (status IN ('importing', 'ready')),
      row_count INTEGER NOT NULL DEFAULT 0,
      file_name TEXT,
      file_bytes INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX datasets_owner ON datasets (owner_id, created_at);
    CREATE INDEX datasets_visibility ON datasets (visibility) WHERE visibility = 'public';

    CREATE TABLE dataset_columns (
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      header TEXT NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('integer', 'number', 'date', 'datetime', 'boolean', 'text')),
      PRIMARY KEY (dataset_id, position)
    ) WITHOUT ROWID;
  `,
};
