import type { Migration } from "../migrate";
import { CATEGORIES } from "../../lib/retail";
import {
  CATEGORY_CHANNELS,
  REGION_CHANNELS,
  cents,
  cubeColumns,
  periodKey,
  productColumns,
  sqlLiteral,
  storeColumns,
} from "../rollup-layout";

// Pre-aggregated copies of orders, so any Overview filter reads a few thousand values instead of
// scanning orders. Money is stored in integer cents: sums are then exact in any order, and a
// trigger that adds and later subtracts an order returns a rollup to exactly its previous value
// (REAL sums drift by a few ulps). Amounts are money with two decimals; a third decimal would be
// rounded to the cent here while raw SQL kept it.
//
// - agg_day / agg_week / agg_month / agg_year: one row per (period, region) with orders, revenue
//   and cost per (category, channel) column group. Charts and KPIs read whole periods plus a few
//   edge days: at most ~2,000 rows (400 days x 5 regions) for any filter.
// - cum_product_* / cum_store_*: per product (revenue per region x channel) and per store (orders
//   and revenue per category x channel), running totals that restart with each parent period:
//     cum_*_day   (id, day)   = total from the 1st of that month through that day
//     cum_*_month (id, month) = total from January 1st of that year through the end of that month
//     cum_*_year  (id, year)  = total of every order up to the end of that year
//   The total of one entity before day x is the latest year row before x's year, plus the latest
//   month row before x's month within x's year, plus the latest day row before x within x's month.
//   A date range is then the difference of two such sums: at most six indexed look-ups per entity,
//   whatever the range. Plain month rollups read up to 240 rows per product and month (60k rows
//   for a 20-month range, ~35 ms); these read ~1,500 entries for the same answer. Rows exist only
//   for periods in which the entity has orders, so a rebuild and the triggers produce the same set.
//   An order changes at most 31 day, 12 month and one row per later year of each table.
//   Measured at 1M orders: an insert for the latest day ~0.12 ms, a backdated one ~0.45 ms, an
//   update ~0.9 ms, a delete ~0.5 ms; any statement on orders compiles these triggers (3-7 ms), so
//   writers should prepare it once.
//
// Triggers keep every rollup equal to SQL over the raw rows on insert, update and delete. A bulk
// load sets rollup_control.deferred = 1, inserts, then rebuilds in one pass (db/rollups.ts).
// `INSERT OR REPLACE INTO orders` fires the delete trigger only with recursive_triggers on, which
// openDatabase sets for every connection.

type Row = "NEW" | "OLD";

const CUBE_LEVELS = ["day", "week", "month", "year"] as const;
const RUNNING_LEVELS = ["day", "month", "year"] as const;
type RunningLevel = (typeof RUNNING_LEVELS)[number];

const columnDefinitions = (columns: readonly string[]) =>
  columns.map((column) => `${column} INTEGER NOT NULL DEFAULT 0`).join(",\n      ");

/** The order's contribution to each column group (0 outside its own group), with sign for delete. */
function cubeDeltas(row: Row, sign: 1 | -1): string {
  return CATEGORY_CHANNELS.map(({ category, channel, slug }) => {
    const when = `WHEN p.category = ${sqlLiteral(category)} AND ${row}.channel = ${sqlLiteral(channel)}`;
    return [
      `CASE ${when} THEN ${sign} ELSE 0 END AS orders_${slug}`,
      `CASE ${when} THEN ${sign} * ${cents(`${row}.revenue`)} ELSE 0 END AS revenue_${slug}`,
      `CASE ${when} THEN ${sign} * ${cents(`${row}.cost`)} ELSE 0 END AS cost_${slug}`,
    ].join(", ");
  }).join(",\n        ");
}

function productDeltas(row: Row, sign: 1 | -1): string {
  return REGION_CHANNELS.map(({ region, channel, slug }) => {
    const when = `WHEN s.region = ${sqlLiteral(region)} AND ${row}.channel = ${sqlLiteral(channel)}`;
    return `CASE ${when} THEN ${sign} * ${cents(`${row}.revenue`)} ELSE 0 END AS revenue_${slug}`;
  }).join(",\n        ");
}

function storeDeltas(row: Row, sign: 1 | -1): string {
  return CATEGORY_CHANNELS.map(({ category, channel, slug }) => {
    const when = `WHEN p.category = ${sqlLiteral(category)} AND ${row}.channel = ${sqlLiteral(channel)}`;
    return [
      `CASE ${when} THEN ${sign} ELSE 0 END AS orders_${slug}`,
      `CASE ${when} THEN ${sign} * ${cents(`${row}.revenue`)} ELSE 0 END AS revenue_${slug}`,
      `CASE ${when} THEN ${sign} * ${cents(`${row}.cost`)} ELSE 0 END AS cost_${slug}`,
    ].join(", ");
  }).join(",\n        ");
}

const dimensionsOf = (row: Row) =>
  `FROM stores s, products p WHERE s.id = ${row}.store_id AND p.id = ${row}.product_id`;

function applyToCube(row: Row, sign: 1 | -1): string {
  return CUBE_LEVELS.map((level) => {
    const key = periodKey[level](`${row}.day`);
    const upsert = `
    INSERT INTO agg_${level} (${level}, region, ${cubeColumns.join(", ")})
      SELECT ${key}, s.region, ${cubeDeltas(row, sign)}
      ${dimensionsOf(row)}
      ON CONFLICT (${level}, region) DO UPDATE SET
        ${cubeColumns.map((column) => `${column} = ${column} + excluded.${column}`).join(", ")};`;
    if (sign > 0) return upsert;
    // A period and region left without orders loses its row, as a rebuild would never create it.
    return `${upsert}
    DELETE FROM agg_${level}
      WHERE ${level} = ${key} AND region = (SELECT region FROM stores WHERE id = ${row}.store_id)
        AND ${CATEGORY_CHANNELS.map(({ slug }) => `orders_${slug}`).join(" + ")} = 0;`;
  }).join("");
}

interface Entity {
  name: "product" | "store";
  columns: readonly string[];
  deltas: (row: Row, sign: 1 | -1) => string;
}

const ENTITIES: readonly Entity[] = [
  { name: "product", columns: productColumns, deltas: productDeltas },
  { name: "store", columns: storeColumns, deltas: storeDeltas },
];

/** First key of the parent period of `level` (running totals restart there) and the next one. */
function parentBounds(level: RunningLevel, day: string): { first: string | null; next: string | null } {
  if (level === "day")
    return { first: periodKey.month(day), next: `date(${day}, 'start of month', '+1 month')` };
  if (level === "month")
    return { first: periodKey.year(day), next: `date(${day}, 'start of year', '+1 year')` };
  return { first: null, next: null };
}

function applyToRunning(entity: Entity, row: Row, sign: 1 | -1): string {
  const table = (level: RunningLevel) => `cum_${entity.name}_${level}`;
  const id = `${entity.name}_id`;
  const statements = RUNNING_LEVELS.map((level) => {
    const key = periodKey[level](`${row}.day`);
    const { first, next } = parentBounds(level, `${row}.day`);
    const sinceParent = (column: string) => (first ? ` AND ${column} >= ${first}` : "");
    const beforeNext = (column: string) => (next ? ` AND ${column} < ${next}` : "");
    // A new row starts from the running total of the latest earlier row in the same parent period.
    const ensureRow = `
    INSERT INTO ${table(level)} (${id}, ${level}, ${entity.columns.join(", ")})
      SELECT ${row}.${id}, ${key}, ${entity.columns.map((c) => `COALESCE(previous.${c}, 0)`).join(", ")}
      FROM (SELECT 1) LEFT JOIN (
        SELECT * FROM ${table(level)}
        WHERE ${id} = ${row}.${id}${sinceParent(level)} AND ${level} < ${key}
        ORDER BY ${level} DESC LIMIT 1
      ) AS previous ON 1
      WHERE NOT EXISTS (SELECT 1 FROM ${table(level)} WHERE ${id} = ${row}.${id} AND ${level} = ${key});`;
    const addDelta = `
    UPDATE ${table(level)} SET
        ${entity.columns.map((c) => `${c} = ${table(level)}.${c} + delta.${c}`).join(", ")}
      FROM (SELECT ${entity.deltas(row, sign)} ${dimensionsOf(row)}) AS delta
      WHERE ${id} = ${row}.${id} AND ${level} >= ${key}${beforeNext(level)};`;
    return sign > 0 ? ensureRow + addDelta : addDelta;
  });
  if (sign > 0) return statements.join("");
  // Drop rows whose period no longer has orders of this entity (finest level first, as each
  // level's test reads the level below).
  const orphanDay = `
    DELETE FROM ${table("day")} WHERE ${id} = ${row}.${id} AND day = ${row}.day
      AND NOT EXISTS (SELECT 1 FROM orders WHERE day = ${row}.day AND ${id} = ${row}.${id});`;
  const orphan = (level: "month" | "year", below: "day" | "month") => {
    const key = periodKey[level](`${row}.day`);
    const { next } = parentBounds(below, `${row}.day`);
    return `
    DELETE FROM ${table(level)} WHERE ${id} = ${row}.${id} AND ${level} = ${key}
      AND NOT EXISTS (SELECT 1 FROM ${table(below)} WHERE ${id} = ${row}.${id} AND ${below} >= ${key} AND ${below} < ${next});`;
  };
  return statements.join("") + orphanDay + orphan("month", "day") + orphan("year", "month");
}

function apply(row: Row, sign: 1 | -1): string {
  return applyToCube(row, sign) + ENTITIES.map((entity) => applyToRunning(entity, row, sign)).join("");
}

/** Rows the rollups could not represent are refused instead of being silently left out. */
function validate(row: Row): string {
  return `
    SELECT RAISE(ABORT, 'orders.day must be a real calendar date (YYYY-MM-DD)')
      WHERE ${row}.day IS NOT date(${row}.day);
    SELECT RAISE(ABORT, 'orders.product_id must name a product of a known category')
      WHERE NOT EXISTS (SELECT 1 FROM products
        WHERE id = ${row}.product_id AND category IN (${CATEGORIES.map(sqlLiteral).join(", ")}));`;
}

const bumpVersion = `
    UPDATE rollup_control SET version = version + 1 WHERE id = 1;`;

const live = `WHEN (SELECT deferred FROM rollup_control WHERE id = 1) = 0`;

const cubeTable = (level: (typeof CUBE_LEVELS)[number]) => `
    CREATE TABLE agg_${level} (
      ${level} TEXT NOT NULL,
      region TEXT NOT NULL,
      ${columnDefinitions(cubeColumns)},
      PRIMARY KEY (${level}, region)
    ) WITHOUT ROWID;`;

const runningTable = (entity: Entity, level: RunningLevel) => `
    CREATE TABLE cum_${entity.name}_${level} (
      ${entity.name}_id INTEGER NOT NULL,
      ${level} TEXT NOT NULL,
      ${columnDefinitions(entity.columns)},
      PRIMARY KEY (${entity.name}_id, ${level})
    ) WITHOUT ROWID;`;

export const rollups: Migration = {
  id: 2,
  name: "rollups",
  up: `
    CREATE TABLE rollup_control (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      deferred INTEGER NOT NULL DEFAULT 0,
      -- Bumped by every change to orders and every rebuild: part of the Overview cache key.
      version INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO rollup_control (id, deferred, version) VALUES (1, 0, 0);
    ${CUBE_LEVELS.map(cubeTable).join("")}
    ${ENTITIES.flatMap((entity) => RUNNING_LEVELS.map((level) => runningTable(entity, level))).join("")}

    CREATE TRIGGER orders_rollup_insert AFTER INSERT ON orders ${live}
    BEGIN ${validate("NEW")} ${apply("NEW", 1)} ${bumpVersion}
    END;

    CREATE TRIGGER orders_rollup_delete AFTER DELETE ON orders ${live}
    BEGIN ${apply("OLD", -1)} ${bumpVersion}
    END;

    CREATE TRIGGER orders_rollup_update AFTER UPDATE OF day, store_id, product_id, channel, revenue, cost ON orders ${live}
    BEGIN ${validate("NEW")} ${apply("OLD", -1)} ${apply("NEW", 1)} ${bumpVersion}
    END;

    -- The rollups file each order under its store's region and its product's category at the time
    -- it was written, so those may not change under existing orders.
    CREATE TRIGGER stores_region_guard BEFORE UPDATE OF region ON stores
    WHEN NEW.region IS NOT OLD.region AND EXISTS (SELECT 1 FROM orders WHERE store_id = OLD.id)
    BEGIN
      SELECT RAISE(ABORT, 'stores.region cannot change while the store has orders');
    END;

    CREATE TRIGGER products_category_guard BEFORE UPDATE OF category ON products
    WHEN NEW.category IS NOT OLD.category AND EXISTS (SELECT 1 FROM orders WHERE product_id = OLD.id)
    BEGIN
      SELECT RAISE(ABORT, 'products.category cannot change while the product has orders');
    END;
  `,
};
