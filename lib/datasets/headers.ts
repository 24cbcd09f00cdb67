import { DatasetFileError } from "./errors";

export const MAX_COLUMNS = 500;
export const MAX_NAME_LENGTH = 64;
export const MAX_HEADER_LENGTH = 1000;

export interface ColumnHeader {
  position: number;
  /** The header exactly as the file wrote it. */
  header: string;
  /** Display name: trimmed, whitespace collapsed, capped, unique within the dataset. */
  name: string;
}

function capped(text: string, length: number): string {
  const chars = Array.from(text);
  return chars.length <= length ? text : chars.slice(0, length).join("").trimEnd();
}

/** Trim, turn control characters and runs of whitespace into one space, cap the length. */
export function sanitizeName(raw: string): string {
  return capped(
    raw
      .replace(/[\u0000-\u001f\u007f]/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
    MAX_NAME_LENGTH,
  );
}

/**
 * Checks a header row and gives every column its display name. Empty headers and headers that
 * repeat another (ignoring surrounding spaces) are errors; names that only collide after sanitizing
 * (case, inner spaces, the length cap) get a " (2)", " (3)"... suffix. Names never become SQL
 * identifiers (columns are stored as c0, c1, ...); they only have to read well and be unique.
 */
export function sanitizeHeaders(raw: readonly string[]): ColumnHeader[] {
  if (raw.length > MAX_COLUMNS)
    throw new DatasetFileError(
      `Line 1: the file has ${raw.length} columns; at most ${MAX_COLUMNS} are supported.`,
    );
  const seen = new Map<string, number>();
  const taken = new Set<string>();
  return raw.map((header, position) => {
    const column = position + 1;
    const trimmed = header.trim();
    if (trimmed === "")
      throw new DatasetFileError(`Line 1, column ${column}: the header is empty. Every column needs a name.`);
    if (header.length > MAX_HEADER_LENGTH)
      throw new DatasetFileError(
        `Line 1, column ${column}: the header is longer than ${MAX_HEADER_LENGTH} characters.`,
      );
    const earlier = seen.get(trimmed);
    if (earlier !== undefined)
      throw new DatasetFileError(
        `Line 1, column ${column}: the header "${capped(trimmed, 80)}" repeats column ${earlier}. Column names must be unique.`,
      );
    seen.set(trimmed, column);
    const base = sanitizeName(header) || `Column ${column}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = capped(base, MAX_NAME_LENGTH - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return { position, header, name };
  });
}
