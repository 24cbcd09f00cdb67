import "server-only";
import { getDb, statement } from "../db";
import type { SessionUser } from "../auth/session-check";
import type { JobKind, JobStatus, JobSummary } from "../jobs/kinds";

// The jobs table (db/migrations/009-jobs.ts). Status only moves forward: every update names the
// statuses it may leave, so a late message from a cancelled job's worker cannot revive it.

/** Newest jobs listed on the page: bounds the list payload and each live update. */
export const JOB_LIST_LIMIT = 50;

interface JobRow {
  id: number;
  kind: JobKind;
  owner_id: number;
  owner_name: string;
  params: string;
  label: string;
  status: JobStatus;
  progress: number;
  message: string;
  result: string | null;
  file_name: string | null;
  file_bytes: number | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A job as the queue runs it. */
export interface JobRecord extends JobSummary {
  params: unknown;
  fileName: string | null;
}

const SELECT_JOB = `SELECT j.id, j.kind, j.owner_id, u.username AS owner_name, j.params, j.label, j.status,
  j.progress, j.message, j.result, j.file_name, j.file_bytes, j.error, j.created_at, j.started_at,
  j.finished_at
  FROM jobs j JOIN users u ON u.id = j.owner_id`;

function reshapeSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    label: row.label,
    status: row.status,
    progress: row.progress,
    message: row.message,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    fileBytes: row.file_bytes,
  };
}

function reshapeRecord(row: JobRow): JobRecord {
  return { ...reshapeSummary(row), params: JSON.parse(row.params) as unknown, fileName: row.file_name };
}

/** A record without what the browser does not need (its parameters, the file's server-side name). */
export function summarizeJob(job: JobRecord): JobSummary {
  const { params, fileName, ...summary } = job;
  void params;
  void fileName;
  return summary;
}

const now = () => new Date().toISOString();

/**
 * Queues a job unless `ownerId` already has one of this kind queued or running (checked and
 * inserted in one immediate transaction, so two quick clicks cannot queue two). Returns its id, or
 * null when refused.
 */
export async function insertJob(input: {
  kind: JobKind;
  ownerId: number;
  params: unknown;
  label: string;
}): Promise<number | null> {
  const db = getDb();
  return db
    .transaction(() => {
      const active = statement(
        `SELECT 1 FROM jobs WHERE owner_id = ? AND kind = ? AND status IN ('queued', 'running') LIMIT 1`,
      ).get(input.ownerId, input.kind);
      if (active) return null;
      const at = now();
      const info = statement(
        `INSERT INTO jobs (kind, owner_id, params, label, status, progress, message, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', 0, 'Waiting for a free worker', ?, ?)`,
      ).run(input.kind, input.ownerId, JSON.stringify(input.params), input.label, at, at);
      return Number(info.lastInsertRowid);
    })
    .immediate();
}

export async function getJob(id: number): Promise<JobRecord | null> {
  const row = statement(`${SELECT_JOB} WHERE j.id = ?`).get(id) as JobRow | undefined;
  return row ? reshapeRecord(row) : null;
}

/** Whether `user` may see job `ownerId`'s jobs: their own, or all for admins. */
export function canSeeJob(user: SessionUser, ownerId: number): boolean {
  return user.role === "admin" || user.id === ownerId;
}

/** The job if `user` may see it, else null (a missing job and another's job look the same). */
export async function getVisibleJob(id: number, user: SessionUser): Promise<JobRecord | null> {
  const job = await getJob(id);
  return job && canSeeJob(user, job.ownerId) ? job : null;
}

/** The stored result of a succeeded job `user` may see, as JSON text (sent as it is). */
export async function getJobResultJson(id: number, user: SessionUser): Promise<string | null> {
  const row = statement(`SELECT owner_id, result FROM jobs WHERE id = ? AND status = 'succeeded'`).get(id) as
    { owner_id: number; result: string | null } | undefined;
  return row && row.result !== null && canSeeJob(user, row.owner_id) ? row.result : null;
}

/** The newest jobs `user` may see (own; all for admins), newest first. */
export async function listJobs(user: SessionUser): Promise<JobSummary[]> {
  const rows = (
    user.role === "admin"
      ? statement(`${SELECT_JOB} ORDER BY j.id DESC LIMIT ${JOB_LIST_LIMIT}`).all()
      : statement(`${SELECT_JOB} WHERE j.owner_id = ? ORDER BY j.id DESC LIMIT ${JOB_LIST_LIMIT}`).all(
          user.id,
        )
  ) as JobRow[];
  return rows.map(reshapeSummary);
}

/** Moves the oldest queued job to running and returns it (FIFO), or null when none waits. */
export async function claimNextQueuedJob(): Promise<JobRecord | null> {
  const at = now();
  const claimed = statement(
    `UPDATE jobs SET status = 'running', started_at = ?, updated_at = ?, message = 'Starting'
     WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1)
     RETURNING id`,
  ).get(at, at) as { id: number } | undefined;
  return claimed ? getJob(claimed.id) : null;
}

export async function updateJobProgress(id: number, progress: number, message: string): Promise<boolean> {
  const info = statement(
    `UPDATE jobs SET progress = ?, message = ?, updated_at = ? WHERE id = ? AND status = 'running'`,
  ).run(Math.max(0, Math.min(100, Math.round(progress))), message.slice(0, 200), now(), id);
  return info.changes > 0;
}

export async function markJobSucceeded(
  id: number,
  outcome: { result: unknown; message: string; fileName?: string; fileBytes?: number },
): Promise<boolean> {
  const at = now();
  const info = statement(
    `UPDATE jobs SET status = 'succeeded', progress = 100, message = ?, result = ?, file_name = ?,
       file_bytes = ?, finished_at = ?, updated_at = ?
     WHERE id = ? AND status = 'running'`,
  ).run(
    outcome.message,
    JSON.stringify(outcome.result),
    outcome.fileName ?? null,
    outcome.fileBytes ?? null,
    at,
    at,
    id,
  );
  return info.changes > 0;
}

export async function markJobFailed(id: number, error: string): Promise<boolean> {
  const at = now();
  const info = statement(
    `UPDATE jobs SET status = 'failed', message = 'Failed', error = ?, finished_at = ?, updated_at = ?
     WHERE id = ? AND status IN ('queued', 'running')`,
  ).run(error.slice(0, 500), at, at, id);
  return info.changes > 0;
}

export async function markJobCancelled(id: number): Promise<boolean> {
  const at = now();
  const info = statement(
    `UPDATE jobs SET status = 'cancelled', message = 'Cancelled', finished_at = ?, updated_at = ?
     WHERE id = ? AND status IN ('queued', 'running')`,
  ).run(at, at, id);
  return info.changes > 0;
}

export const INTERRUPTED_MESSAGE = "Interrupted by a server restart";

/**
 * At start-up no worker of an earlier process can still be running: every "running" job was cut
 * off. Marks them failed and returns their ids (exports leave a partial file to remove).
 */
export async function failInterruptedJobs(): Promise<number[]> {
  const at = now();
  const rows = statement(
    `UPDATE jobs SET status = 'failed', message = 'Failed', error = ?, finished_at = ?, updated_at = ?
     WHERE status = 'running' RETURNING id`,
  ).all(INTERRUPTED_MESSAGE, at, at) as { id: number }[];
  return rows.map((row) => row.id);
}

/** Datasets `user` may profile: their own and public ones, ready only. */
export async function listProfilableDatasets(
  user: SessionUser,
): Promise<{ id: number; name: string; rowCount: number }[]> {
  const rows = statement(
    `SELECT id, name, row_count FROM datasets
     WHERE status = 'ready' AND (visibility = 'public' OR owner_id = ?)
     ORDER BY name COLLATE NOCASE, id LIMIT 500`,
  ).all(user.id) as { id: number; name: string; row_count: number }[];
  return rows.map((row) => ({ id: row.id, name: row.name, rowCount: row.row_count }));
}
