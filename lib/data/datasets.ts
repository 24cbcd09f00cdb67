import "server-only";
import { statement } from "../db";
import type { SessionUser } from "../auth/session-check";
import type { ColumnType } from "../datasets/column-types";

// Reads of the dataset catalogue (db/migrations/004-datasets.ts). The rows of dataset N live in
// table ds_N with columns c0..cK; these helpers are the only place those identifiers are made,
// from integers the server owns, never from a file's header or a request.

export { COLUMN_TYPES, type ColumnType } from "../datasets/column-types";

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

/** A line of the /datasets lists. */
export interface DatasetSummary {
  id: number;
  name: string;
  visibility: "private" | "public";
  source: "upload" | "builtin";
  rowCount: number;
  columnCount: number;
  fileName: string | null;
  createdAt: string;
  /** The owner's username; null for built-in examples. */
  ownerName: string | null;
}

interface SummaryRow {
  id: number;
  name: string;
  visibility: "private" | "public";
  source: "upload" | "builtin";
  row_count: number;
  column_count: number;
  file_name: string | null;
  created_at: string;
  owner_name: string | null;
}

/** Lists are capped so the page stays small whatever a user uploads. */
export const LIST_LIMIT = 200;

const SUMMARY_SELECT = `
  SELECT d.id, d.name, d.visibility, d.source, d.row_count, d.file_name, d.created_at,
         u.username AS owner_name,
         (SELECT COUNT(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS column_count
  FROM datasets d LEFT JOIN users u ON u.id = d.owner_id`;

function reshapeSummary(row: SummaryRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    visibility: row.visibility,
    source: row.source,
    rowCount: row.row_count,
    columnCount: row.column_count,
    fileName: row.file_name,
    createdAt: row.created_at,
    ownerName: row.owner_name,
  };
}

/**
 * What /datasets shows a signed-in user: their own datasets (private or shared) and the public ones
 * of others, built-in examples included. Never another user's private dataset.
 */
export async function getDatasetLists(
  user: SessionUser,
): Promise<{ own: DatasetSummary[]; shared: DatasetSummary[] }> {
  const own = statement(
    `${SUMMARY_SELECT} WHERE d.owner_id = ? AND d.status = 'ready' ORDER BY d.created_at DESC, d.id DESC LIMIT ${LIST_LIMIT}`,
  ).all(user.id) as SummaryRow[];
  const shared = statement(
    `${SUMMARY_SELECT}
     WHERE d.visibility = 'public' AND d.status = 'ready' AND (d.owner_id IS NULL OR d.owner_id <> ?)
     ORDER BY d.source = 'builtin' DESC, d.created_at DESC, d.id DESC LIMIT ${LIST_LIMIT}`,
  ).all(user.id) as SummaryRow[];
  return { own: own.map(reshapeSummary), shared: shared.map(reshapeSummary) };
}

/** Every public dataset, built-in examples first: the list anyone may see at /datasets/public. */
export async function getPublicDatasets(): Promise<DatasetSummary[]> {
  const rows = statement(
    `${SUMMARY_SELECT}
     WHERE d.visibility = 'public' AND d.status = 'ready'
     ORDER BY d.source = 'builtin' DESC, d.created_at DESC, d.id DESC LIMIT ${LIST_LIMIT}`,
  ).all() as SummaryRow[];
  return rows.map(reshapeSummary);
}
