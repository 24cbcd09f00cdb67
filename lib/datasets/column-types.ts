// Column types of an uploaded dataset and how a CSV cell becomes a SQLite value. Client-safe (the
// upload form lists the types), no server imports. Storage (the contract with the explorer):
// integer -> INTEGER, number -> REAL, date -> TEXT 'YYYY-MM-DD', datetime -> TEXT
// 'YYYY-MM-DDTHH:MM:SS' in UTC without a zone suffix, boolean -> INTEGER 0/1, text -> TEXT; an
// empty cell is NULL whatever the type.

export const COLUMN_TYPES = ["integer", "number", "date", "datetime", "boolean", "text"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const COLUMN_TYPE_LABELS: Record<ColumnType, string> = {
  integer: "Integer",
  number: "Number",
  date: "Date",
  datetime: "Date and time",
  boolean: "True / false",
  text: "Text",
};

export const SQL_TYPES: Record<ColumnType, "INTEGER" | "REAL" | "TEXT"> = {
  integer: "INTEGER",
  number: "REAL",
  date: "TEXT",
  datetime: "TEXT",
  boolean: "INTEGER",
  text: "TEXT",
};

/** What a cell of that type must look like, for error messages ("... is not <description>"). */
export const TYPE_DESCRIPTIONS: Record<ColumnType, string> = {
  integer: "a whole number",
  number: "a number",
  date: "a date (YYYY-MM-DD)",
  datetime: "a date and time (YYYY-MM-DD HH:MM[:SS], optional zone)",
  boolean: "true or false (also yes/no, 1/0)",
  text: "text",
};

export type CellValue = string | number | null;

/** Returned by parseCell for a value that does not fit the type (distinct from NULL). */
export const INVALID: unique symbol = Symbol("invalid cell");

const INTEGER_RE = /^[+-]?\d{1,16}$/;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_RE = /^(\d{4})[-/](\d{2})[-/](\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TRUE_WORDS = new Set(["true", "yes"]);
const FALSE_WORDS = new Set(["false", "no"]);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function parseDate(text: string): string | typeof INVALID {
  const m = DATE_RE.exec(text);
  if (!m) return INVALID;
  if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return INVALID;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function parseDatetime(text: string): string | typeof INVALID {
  const m = DATETIME_RE.exec(text);
  if (!m) return INVALID;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(year, month, day)) return INVALID;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return INVALID;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || 0);
    if (hours > 14 || minutes > 59) return INVALID;
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  // Fractions of a second are dropped: the stored form has whole seconds.
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const iso = new Date(ms).toISOString();
  return iso.startsWith("+") || iso.startsWith("-") ? INVALID : iso.slice(0, 19);
}

/**
 * The stored value of a raw cell for `type`: NULL for an empty cell, INVALID when it does not fit.
 * Text keeps the cell exactly as written; the other types ignore surrounding spaces.
 */
export function parseCell(type: ColumnType, raw: string): CellValue | typeof INVALID {
  if (type === "text") return raw === "" ? null : raw;
  const text = raw.trim();
  if (text === "") return null;
  switch (type) {
    case "integer": {
      if (!INTEGER_RE.test(text)) return INVALID;
      const value = Number(text);
      return Number.isSafeInteger(value) ? value : INVALID;
    }
    case "number": {
      if (!NUMBER_RE.test(text)) return INVALID;
      const value = Number(text);
      return Number.isFinite(value) ? value : INVALID;
    }
    case "boolean": {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word) || word === "1") return 1;
      if (FALSE_WORDS.has(word) || word === "0") return 0;
      return INVALID;
    }
    case "date":
      return parseDate(text);
    case "datetime":
      return parseDatetime(text);
  }
}

// Inference tries the narrowest type first. Booleans are only inferred from words: a 0/1 column is
// more often a count or a code than a flag, and the user can switch it to boolean.
const INFERENCE_ORDER = ["integer", "number", "boolean", "date", "datetime"] as const;
type Candidate = (typeof INFERENCE_ORDER)[number];

function fits(type: Candidate, text: string): boolean {
  if (type === "boolean") {
    const word = text.toLowerCase();
    return TRUE_WORDS.has(word) || FALSE_WORDS.has(word);
  }
  return parseCell(type, text) !== INVALID;
}

/**
 * Infers a column's type from every value it sees: the narrowest type all non-empty values fit,
 * text when none does or when the column is empty. Runs for every cell of an upload, so it keeps a
 * bit set of the remaining candidates instead of allocating.
 */
export class TypeInference {
  private remaining = (1 << INFERENCE_ORDER.length) - 1;
  private sawValue = false;

  add(raw: string): void {
    if (this.remaining === 0 || raw === "") return;
    const text = raw.trim();
    if (text === "") return;
    this.sawValue = true;
    for (let i = 0; i < INFERENCE_ORDER.length; i++) {
      const bit = 1 << i;
      if (this.remaining & bit && !fits(INFERENCE_ORDER[i]!, text)) this.remaining &= ~bit;
    }
  }

  result(): ColumnType {
    if (!this.sawValue) return "text";
    for (let i = 0; i < INFERENCE_ORDER.length; i++)
      if (this.remaining & (1 << i)) return INFERENCE_ORDER[i]!;
    return "text";
  }
}
