import "server-only";
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { DatasetFileError } from "./errors";

const DELIMITERS = [",", ";", "\t", "|"] as const;

/**
 * The delimiter of the header line: the most frequent of , ; tab | outside quotes (comma when none
 * appears), so files saved by spreadsheets in locales that write "1,5" also load.
 */
async function detectDelimiter(file: string): Promise<string> {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const counts = new Map<string, number>();
    let quoted = false;
    for (const char of text) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === "\n" || char === "\r")) break;
      else if (!quoted && (DELIMITERS as readonly string[]).includes(char))
        counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    let best = ",";
    for (const delimiter of DELIMITERS)
      if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
    return best;
  } finally {
    await handle.close();
  }
}

/**
 * Passes bytes through unchanged and notes whether they are valid UTF-8 (checked natively by
 * isUtf8, per chunk, carrying an incomplete trailing character over to the next chunk). The CSV
 * parser decodes invalid bytes as U+FFFD, so once this has seen any, the first field holding U+FFFD
 * is where the bad bytes are: that gives the error its line and column.
 */
class Utf8Check extends Transform {
  invalid = false;
  private carry: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.invalid) {
      const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
      const end = completeLength(bytes);
      if (!isUtf8(bytes.subarray(0, end))) this.invalid = true;
      this.carry = Buffer.from(bytes.subarray(end));
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length) this.invalid = true;
    done();
  }
}

/** Length of `bytes` without an incomplete UTF-8 character at its end. */
function completeLength(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const byte = bytes[n - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? n - back : n;
  }
  return n;
}

function csvErrorMessage(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? `Line ${line}: ` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `${where}a quoted value is never closed (a " is missing).`;
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return `${where}a quote (") appears inside a value that is not quoted as a whole. Quote the value and double the inner quote ("").`;
    case "CSV_MAX_RECORD_SIZE":
      return `${where}a line is too long (over 10 MB).`;
    default:
      return `${where}the file is not valid CSV (${error.message}).`;
  }
}

function csvParser(delimiter: string, info: boolean) {
  return parse({
    bom: true,
    delimiter,
    info,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: 10 * 1024 * 1024,
  });
}

/**
 * The 1-based line of the file on which record `index` (0 = the header) ends. Only for error
 * messages: it parses the file again with csv-parse's per-record info, which costs about half
 * again as much as parsing without it, so the fast path counts records and leaves lines to this.
 */
export async function lineOfRecord(file: string, index: number): Promise<number> {
  const parser = csvParser(await detectDelimiter(file), true);
  const source = fs.createReadStream(file);
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let seen = 0;
  let line = index + 1;
  try {
    for await (const item of parser as AsyncIterable<{ info: { lines: number } }>) {
      line = item.info.lines;
      if (seen++ === index) break;
    }
  } catch {
    // The same file parsed up to here before; an error past the record cannot change its line.
  } finally {
    source.destroy();
  }
  return line;
}

async function notUtf8(file: string, index: number, column: number | null, header?: string) {
  const line = await lineOfRecord(file, index);
  const where =
    column === null ? `Line ${line}` : `Line ${line}, column ${column}${header ? ` ("${header}")` : ""}`;
  return new DatasetFileError(
    `${where}: the file is not UTF-8 text (invalid byte sequence). Save it as CSV UTF-8 and upload it again.`,
  );
}

/**
 * Streams the records of a CSV file in batches (each the records of one read of the file, a few
 * thousand at most), the header first, without holding the file in memory. A record's index (0 for
 * the header) is its position in this sequence; lineOfRecord turns it into a line for messages.
 * Throws DatasetFileError for an empty file, bytes that are not UTF-8 and malformed CSV. Rows of
 * the wrong width are returned as they are; callers compare them with the header.
 */
export async function* readCsvBatches(file: string): AsyncGenerator<string[][]> {
  const stat = await fs.promises.stat(file);
  if (stat.size === 0) throw new DatasetFileError("The file is empty.");
  const check = new Utf8Check();
  const parser = csvParser(await detectDelimiter(file), false);
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    wake?.();
  };
  source.on("error", fail);
  check.on("error", fail);
  parser.on("error", fail);
  parser.on("readable", () => wake?.());
  parser.on("end", () => {
    ended = true;
    wake?.();
  });
  source.pipe(check).pipe(parser);
  let records = 0;
  let header: string[] | null = null;
  try {
    for (;;) {
      if (failure) throw failure;
      const batch: string[][] = [];
      let record: string[] | null;
      while ((record = parser.read() as string[] | null) !== null) batch.push(record);
      if (batch.length > 0) {
        header ??= batch[0]!;
        if (check.invalid) {
          for (let i = 0; i < batch.length; i++) {
            const column = batch[i]!.findIndex((value) => value.includes("\uFFFD"));
            if (column >= 0) throw await notUtf8(file, records + i, column + 1, header[column]);
          }
        }
        records += batch.length;
        yield batch;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } catch (error) {
    if (error instanceof CsvError) throw new DatasetFileError(csvErrorMessage(error));
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (check.invalid) throw await notUtf8(file, Math.max(records - 1, 0), null);
  if (records === 0) throw new DatasetFileError("The file is empty (it has no header line).");
}
