import type Database from "better-sqlite3";

export const HISTOGRAM_BINS: number;
export const TOP_VALUES: number;
export const MAX_COLUMNS: number;
export const MAX_CORRELATION_COLUMNS: number;

export type ProfiledType = "integer" | "number" | "date" | "datetime" | "boolean" | "text";

export interface ColumnProfile {
  position: number;
  name: string;
  type: ProfiledType;
  /** Non-null values. */
  count: number;
  nulls: number;
  distinct: number;
  /** Numbers: value range; dates: ISO dates; text: lengths. */
  min: number | string | null;
  max: number | string | null;
  /** Numbers: the mean; text: mean length. */
  mean: number | null;
  /** Sample standard deviation (numbers only). */
  std: number | null;
  histogram: { from: number | string | null; to: number | string | null; count: number }[];
  /** Most frequent values (text, boolean). */
  top: { value: string; count: number }[];
}

export interface ProfileResult {
  datasetId: number;
  name: string;
  rowCount: number;
  columns: ColumnProfile[];
  omittedColumns: number;
  correlation: { columns: string[]; matrix: (number | null)[][] };
}

export interface ProfileDataset {
  id: number;
  name: string;
  columns: readonly { position: number; name: string; type: ProfiledType }[];
}

export function runProfile(
  db: Database.Database,
  params: { dataset: ProfileDataset },
  onProgress: (progress: number, message: string) => void,
): ProfileResult;
