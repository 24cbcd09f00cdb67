import fs from "node:fs";
import path from "node:path";

// CSV import through the two route handlers, as the /datasets page does it: POST the raw file to
// /api/datasets/upload (analysed, answered with an upload id and inferred types), then POST the
// id, a name and the types to /api/datasets/import, which streams NDJSON progress lines.

export interface UploadedCsv {
  uploadId: string;
  rowCount: number;
  types: string[];
}

export type ImportLine =
  | { type: "progress"; phase: "rows" | "saving"; rows: number; total: number }
  | { type: "done"; id: number; rows: number }
  | { type: "error"; error: string };

/**
 * Writes a deterministic CSV of `rows` data rows and five columns (integer, number, date, text,
 * boolean), in slices so that even a big file is never one string in memory.
 */
export function writeCsv(file: string, rows: number): void {
  fs.writeFileSync(file, "id,amount,day,label,flag\n");
  const slice = 50_000;
  for (let start = 1; start <= rows; start += slice) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + slice, rows + 1); i++) {
      const day = new Date(Date.UTC(2024, 0, 1 + (i % 366))).toISOString().slice(0, 10);
      lines.push(`${i},${((i * 7919) % 100_000) / 100},${day},item ${i % 997},${i % 3 === 0}`);
    }
    fs.appendFileSync(file, `${lines.join("\n")}\n`);
  }
}

export async function uploadCsv(baseUrl: string, cookie: string, file: string): Promise<UploadedCsv> {
  const response = await fetch(`${baseUrl}/api/datasets/upload`, {
    method: "POST",
    headers: { cookie, "content-type": "text/csv", "x-file-name": encodeURIComponent(path.basename(file)) },
    body: fs.readFileSync(file),
  });
  const body = (await response.json()) as
    | { ok: true; data: { uploadId: string; rowCount: number; columns: { type: string }[] } }
    | { ok: false; error: string };
  if (!body.ok) throw new Error(`upload of ${file} failed (${response.status}): ${body.error}`);
  return {
    uploadId: body.data.uploadId,
    rowCount: body.data.rowCount,
    types: body.data.columns.map((column) => column.type),
  };
}

/**
 * Starts the import of `upload` as dataset `name` and calls `onLine` for each NDJSON line as it
 * arrives. Resolves with the lines read when the stream ends, or when it breaks (the server died).
 */
export async function importUpload(
  baseUrl: string,
  cookie: string,
  upload: UploadedCsv,
  name: string,
  onLine: (line: ImportLine) => void = () => {},
): Promise<ImportLine[]> {
  const response = await fetch(`${baseUrl}/api/datasets/import`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ uploadId: upload.uploadId, name, types: upload.types }),
  });
  const seen: ImportLine[] = [];
  if (!response.body) throw new Error(`import answered ${response.status} without a body`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += value;
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const text = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!text) continue;
        const line = JSON.parse(text) as ImportLine;
        seen.push(line);
        onLine(line);
      }
    }
  } catch {
    // The connection broke (the server was killed): a partial last line is dropped.
    return seen;
  }
  if (pending.trim()) seen.push(JSON.parse(pending) as ImportLine);
  return seen;
}
