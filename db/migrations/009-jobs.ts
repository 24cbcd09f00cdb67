import type { Migration } from "../migrate";

// Background jobs (lib/jobs): forecasts, dataset profiles and CSV exports that run in worker
// threads off the request path.
//
// - status moves queued -> running -> succeeded | failed | cancelled, and only forward. At
//   start-up no job can still be running (no worker survives its process), so running rows are
//   marked failed ("interrupted by a server restart") before the queue resumes.
// - params and result are JSON written by the server: params after zod validation, result by the
//   worker's code. An export's file is named by the server from the job id (file_name is a plain
//   basename under <db dir>/exports/): a download looks it up by job id, never by a path from a
//   request.
// - label describes the parameters for the list ("Dataset “Cars”"), fixed when the job starts.
// - The queue takes queued jobs in id order (FIFO); jobs_queue makes that an index seek.
export const jobs: Migration = {
  id: 9,
  name: "jobs",
  up: `
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('forecast', 'profile', 'export')),
      owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      params TEXT NOT NULL CHECK (json_valid(params)),
      label TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      message TEXT NOT NULL DEFAULT '',
      result TEXT CHECK (result IS NULL OR json_valid(result)),
      file_name TEXT,
      file_bytes INTEGER,
      error TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX jobs_queue ON jobs (status, id);
    CREATE INDEX jobs_owner ON jobs (owner_id, id);
  `,
};
