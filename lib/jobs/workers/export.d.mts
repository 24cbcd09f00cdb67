import type Database from "better-sqlite3";

export interface ExportFilters {
  regions: readonly string[];
  categories: readonly string[];
  channels: readonly string[];
  from: string;
  to: string;
}

export const EXPORT_HEADER: readonly string[];
export function exportWhere(filters: ExportFilters): { sql: string; params: string[] };
export function runExport(
  db: Database.Database,
  params: { filters: ExportFilters; file: string },
  onProgress: (progress: number, message: string) => void,
): { rows: number; bytes: number };
