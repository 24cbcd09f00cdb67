import "server-only";
import Database from "better-sqlite3";
import { SORT_COLUMNS, type DetailsSelection } from "../details/state";
import { env } from "../env";
import { csvField } from "../jobs/workers/csv-field.mjs";
import {
  choosePlan,
  countMatching,
  resolveSelection,
  walkRows,
  type DetailsRow,
  type Prepare,
} from "./details-query";

// The CSV export of a Details selection, streamed in the table's sort order in constant memory.
// It reads through its own read-only connection inside one read transaction: an open better-sqlite3
// iterator keeps its connection busy, so a download that takes seconds (or a slow client) must not
// hold the app's shared connection, and the one snapshot makes the file consistent even while
// orders are written.

/** Rows encoded per pull: ~100 kB chunks, few enough to keep the stream's queue small. */
const BATCH_ROWS = 1000;

/** The order id, then the table's columns in their on-screen order. */
export const CSV_HEADER = ["id", ...SORT_COLUMNS] as const;

export { csvField };

export function csvLine(row: DetailsRow): string {
  return [
    row.id,
    row.day,
    row.store,
    row.city,
    row.region,
    row.product,
    row.category,
    row.channel,
    row.quantity,
    row.revenue.toFixed(2),
    row.cost.toFixed(2),
    row.profit.toFixed(2),
  ]
    .map(csvField)
    .join(",");
}

/** The selection's rows as a CSV byte stream (header first, CRLF line ends as RFC 4180 says). */
export function exportDetailsCsv(selection: DetailsSelection): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let db: Database.Database | null = null;
  let rows: Generator<DetailsRow> | null = null;
  const close = () => {
    rows?.return(undefined);
    rows = null;
    if (db?.open) {
      if (db.inTransaction) db.exec("COMMIT");
      db.close();
    }
    db = null;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        try {
          db = new Database(env.databaseFile, { readonly: true, fileMustExist: true });
          db.pragma("busy_timeout = 5000");
          const statements = new Map<string, Database.Statement>();
          const connection = db;
          const prepare: Prepare = (sql) => {
            let prepared = statements.get(sql);
            if (!prepared) statements.set(sql, (prepared = connection.prepare(sql)));
            return prepared;
          };
          db.exec("BEGIN");
          const r = resolveSelection(prepare, selection);
          const count = countMatching(prepare, r);
          const plan = choosePlan(prepare, r, {
            sort: selection.sort,
            count,
            wanted: count,
            allowMerge: false,
          });
          rows = walkRows(prepare, r, {
            sort: selection.sort,
            dir: selection.dir,
            backward: false,
            cursor: null,
            limit: null,
            plan,
          });
          controller.enqueue(encoder.encode(`${CSV_HEADER.join(",")}\r\n`));
        } catch (error) {
          close();
          throw error;
        }
      },
      pull(controller) {
        try {
          let chunk = "";
          for (let i = 0; i < BATCH_ROWS; i++) {
            const next = rows!.next();
            if (next.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk));
              close();
              controller.close();
              return;
            }
            chunk += `${csvLine(next.value)}\r\n`;
          }
          controller.enqueue(encoder.encode(chunk));
        } catch (error) {
          close();
          controller.error(error);
        }
      },
      cancel() {
        close();
      },
    },
    // Pull only when the consumer has taken the previous chunk: memory stays at one batch.
    { highWaterMark: 1 },
  );
}
