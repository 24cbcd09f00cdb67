import { z } from "zod";
import { COLUMN_TYPES, type ColumnType } from "./column-types";

// What the upload page and the two route handlers exchange. Client-safe.

export interface UploadedFile {
  uploadId: string;
  fileName: string;
  bytes: number;
  rowCount: number;
  columns: { position: number; header: string; name: string; type: ColumnType }[];
  preview: string[][];
}

export type UploadResponse = { ok: true; data: UploadedFile } | { ok: false; error: string };

/** One NDJSON line of the import response. */
export type ImportEvent =
  | { type: "progress"; phase: "rows" | "saving"; rows: number; total: number }
  | { type: "done"; id: number; rows: number }
  | { type: "error"; error: string };

/** A dataset's name: whitespace collapsed, 1 to 120 characters (the column's CHECK). */
export const datasetNameSchema = z
  .string()
  .transform((name) => name.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1, "Give the dataset a name.").max(120, "Keep the name under 120 characters."));

export const importRequestSchema = z.object({
  uploadId: z.string().regex(/^[a-f0-9]{32}$/, "unknown upload"),
  name: datasetNameSchema,
  types: z.array(z.enum(COLUMN_TYPES)).min(1).max(500),
});
export type ImportRequest = z.input<typeof importRequestSchema>;

/** The upload's file name travels in a header, URI-encoded (headers are Latin-1). */
export const FILE_NAME_HEADER = "x-file-name";
