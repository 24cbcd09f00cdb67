import "server-only";
import { TypeInference, type ColumnType } from "./column-types";
import { lineOfRecord, readCsvBatches } from "./csv-reader";
import { DatasetFileError } from "./errors";
import { sanitizeHeaders, type ColumnHeader } from "./headers";

export const PREVIEW_ROWS = 20;
const PREVIEW_CELL_CHARS = 200;

export interface AnalysedColumn extends ColumnHeader {
  type: ColumnType;
}

export interface CsvAnalysis {
  columns: AnalysedColumn[];
  rowCount: number;
  /** The first PREVIEW_ROWS data rows as written (long cells cut), for the type form. */
  preview: string[][];
}

/**
 * The "ragged row" problem of a record, naming the first missing or extra column, as a message
 * for the record's line (looked up only when there is a problem); null when the width is right.
 */
export function widthProblem(
  values: readonly string[],
  columns: readonly ColumnHeader[],
): ((line: number) => string) | null {
  const width = values.length;
  if (width === columns.length) return null;
  if (width < columns.length) {
    const missing = columns[width]!;
    return (line) =>
      `Line ${line}, column ${width + 1} ("${missing.name}"): the value is missing. The line has ${width} value${width === 1 ? "" : "s"}, the header has ${columns.length} columns.`;
  }
  return (line) =>
    `Line ${line}, column ${columns.length + 1}: unexpected extra value. The line has ${width} values, the header has ${columns.length} columns.`;
}

/**
 * Reads a whole CSV file once, streaming: checks its structure (encoding, header, row widths),
 * counts its rows and infers each column's type from every value, so the inferred types always fit
 * and only a type the user changes can fail at import.
 */
export async function analyseCsv(file: string): Promise<CsvAnalysis> {
  let columns: ColumnHeader[] | null = null;
  let inference: TypeInference[] = [];
  const preview: string[][] = [];
  let rowCount = 0;
  for await (const batch of readCsvBatches(file)) {
    for (const values of batch) {
      if (!columns) {
        columns = sanitizeHeaders(values);
        inference = columns.map(() => new TypeInference());
        continue;
      }
      const problem = widthProblem(values, columns);
      if (problem) throw new DatasetFileError(problem(await lineOfRecord(file, rowCount + 1)));
      for (let i = 0; i < inference.length; i++) inference[i]!.add(values[i]!);
      if (preview.length < PREVIEW_ROWS)
        preview.push(
          values.map((value) =>
            value.length > PREVIEW_CELL_CHARS ? `${value.slice(0, PREVIEW_CELL_CHARS)}…` : value,
          ),
        );
      rowCount++;
    }
  }
  if (!columns) throw new DatasetFileError("The file is empty.");
  if (rowCount === 0) throw new DatasetFileError("The file has a header line but no data rows.");
  return {
    columns: columns.map((column, i) => ({ ...column, type: inference[i]!.result() })),
    rowCount,
    preview,
  };
}
