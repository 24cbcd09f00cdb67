import "server-only";
import { statement } from "../db";
import type { SessionUser } from "../auth/session-check";

// Reads of the dataset catalogue (db/migrations/004-datasets.ts). The rows of dataset N live in
// table ds_N with columns c0..cK; these helpers are the only place those identifiers are made,
// from integers the server owns, never from a file's header or a request.

export const COLUMN_TYPES = ["integer", "number", "date", "datetime", "boolean", "text"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface DatasetColumn {
  position: number;
  /** Sanitized display name, unique within the dataset. */
  name: string;
  /** The header exactly as the file had it. */
  header: string;
  type: ColumnType;
}

export interface Dataset {
  id: number;
  name: string;
  ownerId: number | null;
  visibility: "private" | "public";
  source: "upload" | "builtin";
  rowCount: number;
  columns: DatasetColumn[];
}

export function datasetTable(id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid dataset id ${id}`);
  return `ds_${id}`;
}

export function columnIdent(position: number): string {
  if (!Number.isSafeInteger(position) || position < 0) throw new Error(`invalid column ${position}`);
  return `c${position}`;
}

interface DatasetRow {
  id: number;
  name: string;
  owner_id: number | null;
  visibility: "private" | "public";
  source: "upload" | "builtin";
  row_count: number;
}

/**
 * The dataset `id` if `user` may read it (its owner, or anyone when it is public; admins get no
 * exception: private means private), else null. A dataset that does not exist and one the caller may not see give the same
 * answer, so ids reveal nothing.
 */
export async function getReadableDataset(id: number, user: SessionUser | null): Promise<Dataset | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = statement(
    `SELECT id, name, owner_id, visibility, source, row_count FROM datasets WHERE id = ? AND status = 'ready'`,
  ).get(id) as DatasetRow | undefined;
  if (!row) return null;
  const readable = row.visibility === "public" || (user !== null && user.id === row.owner_id);
  if (!readable) return null;
  const columns = statement(
    `SELECT position, name, header, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position`,
  ).all(id) as DatasetColumn[];
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    visibility: row.visibility,
    source: row.source,
    rowCount: row.row_count,
    columns,
  };
}
