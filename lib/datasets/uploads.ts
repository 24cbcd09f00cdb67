import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { z } from "zod";
import { env } from "../env";
import { DatasetFileError } from "./errors";

// Received files wait here (beside the database, on the same disk) between the upload, which
// analyses them, and the import, which reads them again with the types the user chose. Each upload
// is <id>.csv plus <id>.json naming its owner; the id is 128 random bits, and every use checks the
// owner too.

const STALE_MS = 24 * 3600 * 1000;

export const uploadIdSchema = z.string().regex(/^[a-f0-9]{32}$/, "unknown upload");

const uploadMetaSchema = z.object({
  ownerId: z.number().int().positive(),
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  columnCount: z.number().int().positive(),
  rowCount: z.number().int().positive(),
});
export type UploadMeta = z.infer<typeof uploadMetaSchema>;

export function uploadsDir(): string {
  return path.join(path.dirname(env.databaseFile), "uploads");
}

function filesOf(id: string): { csv: string; meta: string } {
  const base = path.join(uploadsDir(), uploadIdSchema.parse(id));
  return { csv: `${base}.csv`, meta: `${base}.json` };
}

export class UploadTooLargeError extends DatasetFileError {}

class ByteLimit extends Transform {
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) done(new UploadTooLargeError(tooLargeMessage(this.limit)));
    else done(null, chunk);
  }
}

export function tooLargeMessage(limit: number): string {
  return `The file is larger than the limit of ${Math.round(limit / 2 ** 20)} MB.`;
}

/**
 * Streams a request body to a new upload file, stopping as soon as it passes `limit` bytes (the
 * partial file is deleted). Returns the new upload's id and its file.
 */
export async function receiveUpload(
  body: WebReadableStream<Uint8Array> | globalThis.ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ id: string; file: string; bytes: number }> {
  fs.mkdirSync(uploadsDir(), { recursive: true });
  pruneStaleUploads();
  const id = crypto.randomBytes(16).toString("hex");
  const { csv } = filesOf(id);
  const counter = new ByteLimit(limit);
  try {
    await pipeline(
      Readable.fromWeb(body as WebReadableStream<Uint8Array>),
      counter,
      fs.createWriteStream(csv, { flags: "wx", mode: 0o600 }),
    );
  } catch (error) {
    fs.rmSync(csv, { force: true });
    throw error;
  }
  return { id, file: csv, bytes: counter.bytes };
}

/** Analysed uploads a user may have waiting; older ones are dropped, so abandoned files cannot pile up. */
export const PENDING_PER_USER = 3;

/** Records an analysed upload's owner and drops that owner's oldest uploads beyond PENDING_PER_USER. */
export function saveUploadMeta(id: string, meta: UploadMeta): void {
  fs.writeFileSync(filesOf(id).meta, JSON.stringify(meta), { mode: 0o600 });
  const mine: { id: string; time: number }[] = [];
  for (const name of fs.readdirSync(uploadsDir())) {
    const other = /^([a-f0-9]{32})\.json$/.exec(name)?.[1];
    if (!other) continue;
    try {
      const file = path.join(uploadsDir(), name);
      const owner = uploadMetaSchema.parse(
        JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")),
      );
      if (owner.ownerId === meta.ownerId)
        mine.push({ id: other, time: fs.statSync(/*turbopackIgnore: true*/ file).mtimeMs });
    } catch {
      // Unreadable or removed meanwhile: not counted.
    }
  }
  mine.sort((a, b) => b.time - a.time);
  for (const old of mine.slice(PENDING_PER_USER)) if (old.id !== id) deleteUpload(old.id);
}

/** The upload `id` if it exists and belongs to `ownerId`, else null (the same for both). */
export function findUpload(id: string, ownerId: number): { file: string; meta: UploadMeta } | null {
  if (!uploadIdSchema.safeParse(id).success) return null;
  const files = filesOf(id);
  try {
    // turbopackIgnore: the uploads folder is data beside the database, not a source to trace.
    const meta = uploadMetaSchema.parse(
      JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ files.meta, "utf8")),
    );
    if (meta.ownerId !== ownerId || !fs.existsSync(/*turbopackIgnore: true*/ files.csv)) return null;
    return { file: files.csv, meta };
  } catch {
    return null;
  }
}

export function deleteUpload(id: string): void {
  if (!uploadIdSchema.safeParse(id).success) return;
  const files = filesOf(id);
  fs.rmSync(files.csv, { force: true });
  fs.rmSync(files.meta, { force: true });
}

/** Uploads nobody imported within a day, and (with `all`) every leftover staging database. */
export function pruneStaleUploads(options: { staging?: boolean } = {}): void {
  const dir = uploadsDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const cutoff = Date.now() - STALE_MS;
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const staging = name.includes(".staging.db");
      if ((staging && options.staging) || (!staging && fs.statSync(file).mtimeMs < cutoff))
        fs.rmSync(file, { force: true });
    } catch {
      // Removed concurrently: nothing to do.
    }
  }
}
