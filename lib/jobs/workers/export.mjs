// Filtered CSV export of orders, streamed row by row from SQLite into a file: memory stays flat
// whatever the row count (rows are written in 64 kB batches). Runs in the job worker thread.
import fs from "node:fs";
import { csvField } from "./csv-field.mjs";

export const EXPORT_HEADER = [
  "order_id",
  "day",
  "store",
  "city",
  "region",
  "product",
  "category",
  "channel",
  "quantity",
  "revenue",
  "cost",
];

/**
 * The WHERE clause of the Overview's filters over orders o, stores s and products p. Values are
 * bound as parameters; only the number of placeholders depends on the input.
 */
export function exportWhere(filters) {
  const clauses = ["o.day BETWEEN ? AND ?"];
  const params = [filters.from, filters.to];
  for (const [column, values] of [
    ["s.region", filters.regions],
    ["p.category", filters.categories],
    ["o.channel", filters.channels],
  ]) {
    if (values.length === 0) continue;
    clauses.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  return { sql: clauses.join(" AND "), params };
}

const FROM = "orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

/**
 * Writes every order matching `filters` to `file` (created or truncated), oldest first. Returns the
 * row count and the file size.
 */
export function runExport(db, { filters, file }, onProgress) {
  const where = exportWhere(filters);
  onProgress(1, "Counting matching orders");
  const total = db
    .prepare(`SELECT COUNT(*) FROM ${FROM} WHERE ${where.sql}`)
    .pluck()
    .get(...where.params);
  const rows = db
    .prepare(
      `SELECT o.id, o.day, s.name, s.city, s.region, p.name, p.category, o.channel, o.quantity, o.revenue, o.cost
       FROM ${FROM} WHERE ${where.sql} ORDER BY o.day, o.id`,
    )
    .raw();
  const fd = fs.openSync(file, "w");
  let written = 0;
  let bytes = 0;
  try {
    let batch = EXPORT_HEADER.join(",") + "\n";
    for (const row of rows.iterate(...where.params)) {
      batch += row.map(csvField).join(",") + "\n";
      written++;
      if (batch.length >= 65_536) {
        bytes += fs.writeSync(fd, batch);
        batch = "";
        onProgress(
          2 + Math.floor((97 * written) / Math.max(1, total)),
          `${written.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} orders written`,
        );
      }
    }
    if (batch) bytes += fs.writeSync(fd, batch);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { rows: written, bytes };
}
