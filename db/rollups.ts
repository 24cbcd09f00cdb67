import type Database from "better-sqlite3";
import { CHANNELS } from "../lib/retail";
import {
  CATEGORY_CHANNELS,
  REGION_CHANNELS,
  cents,
  cubeColumns,
  periodKey,
  productColumns,
  sqlLiteral,
  storeColumns,
} from "./rollup-layout";

const CUBE_TABLES = ["agg_day", "agg_week", "agg_month", "agg_year"];
const RUNNING_TABLES = ["product", "store"].flatMap((e) =>
  ["day", "month", "year"].map((l) => `cum_${e}_${l}`),
);

const sumsOf = (columns: readonly string[]) => columns.map((c) => `SUM(${c}) AS ${c}`).join(", ");

/** Pivots narrow (dimension, measure) rows into one column per pair; `pair` is the pair's index. */
const pivot = (pairs: readonly { slug: string }[], measures: readonly string[]) =>
  pairs
    .flatMap(({ slug }, i) =>
      measures.map((m) => `SUM(CASE WHEN pair = ${i} THEN ${m} ELSE 0 END) AS ${m}_${slug}`),
    )
    .join(", ");

const regionChannelIndex = `CASE ${REGION_CHANNELS.map(
  ({ region, channel }, i) =>
    `WHEN s.region = ${sqlLiteral(region)} AND o.channel = ${sqlLiteral(channel)} THEN ${i}`,
).join(" ")} END`;
const categoryChannelIndex = `CASE ${CATEGORY_CHANNELS.map(
  ({ category, channel }, i) =>
    `WHEN p.category = ${sqlLiteral(category)} AND o.channel = ${sqlLiteral(channel)} THEN ${i}`,
).join(" ")} END`;

const channelRows = CHANNELS.map((channel) => `SELECT ${sqlLiteral(channel)} AS channel`).join(" UNION ALL ");

/**
 * Running totals from per-period totals: each row adds every earlier row of the same entity in the
 * same parent period (`parent` is an expression of `key`, or null for "since the beginning").
 */
function runningInsert(
  table: string,
  source: string,
  id: string,
  key: string,
  parent: string | null,
  columns: readonly string[],
) {
  const partition = parent ? `${id}, ${parent}` : id;
  return `
    INSERT INTO ${table} (${id}, ${key}, ${columns.join(", ")})
      SELECT ${id}, ${key}, ${columns.map((c) => `SUM(${c}) OVER running`).join(", ")}
      FROM ${source}
      WINDOW running AS (PARTITION BY ${partition} ORDER BY ${key});`;
}

function runningTables(entity: "product" | "store", columns: readonly string[]): string {
  const id = `${entity}_id`;
  const daily = `temp.rollup_${entity}_day`;
  const monthly = `temp.rollup_${entity}_month`;
  const yearly = `temp.rollup_${entity}_year`;
  return `
    CREATE TABLE ${monthly} AS
      SELECT ${id}, ${periodKey.month("day")} AS month, ${sumsOf(columns)} FROM ${daily} GROUP BY 1, 2;
    CREATE TABLE ${yearly} AS
      SELECT ${id}, substr(month, 1, 5) || '01-01' AS year, ${sumsOf(columns)} FROM ${monthly} GROUP BY 1, 2;
    ${runningInsert(`cum_${entity}_day`, daily, id, "day", "substr(day, 1, 7)", columns)}
    ${runningInsert(`cum_${entity}_month`, monthly, id, "month", "substr(month, 1, 4)", columns)}
    ${runningInsert(`cum_${entity}_year`, yearly, id, "year", null, columns)}
    DROP TABLE ${daily}; DROP TABLE ${monthly}; DROP TABLE ${yearly};`;
}

/** Empties every rollup table, before a rebuild fills them again. */
export function clearRollups(db: Database.Database): void {
  db.exec([...CUBE_TABLES, ...RUNNING_TABLES].map((t) => `DELETE FROM ${t};`).join(" "));
}

/**
 * The steps shared by every full build, once agg_day and the cum_* tables are filled: the coarser
 * cubes from agg_day (a few thousand rows), the data version, and the checks of what a bulk load
 * may have let through.
 */
export function finishRollups(db: Database.Database): void {
  db.exec(`
    ${(["week", "month", "year"] as const)
      .map(
        (level) => `
    INSERT INTO agg_${level} (${level}, region, ${cubeColumns.join(", ")})
      SELECT ${periodKey[level]("day")} AS period, region, ${sumsOf(cubeColumns)} FROM agg_day GROUP BY 1, 2;`,
      )
      .join("")}
    UPDATE rollup_control SET version = version + 1 WHERE id = 1;
  `);

  // The triggers refuse these rows one by one; after a bulk load they are caught here instead.
  const badDay = db.prepare("SELECT day FROM agg_day WHERE day IS NOT date(day) LIMIT 1").get() as
    { day: string } | undefined;
  if (badDay) throw new Error(`orders.day must be a real calendar date (YYYY-MM-DD), found "${badDay.day}"`);
  const counted = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM orders) AS raw,
              (SELECT COALESCE(SUM(${CATEGORY_CHANNELS.map(({ slug }) => `orders_${slug}`).join(" + ")}), 0) FROM agg_year) AS rolled`,
    )
    .get() as { raw: number; rolled: number };
  if (counted.raw !== counted.rolled) {
    throw new Error(`${counted.raw - counted.rolled} orders name a product of an unknown category`);
  }
}

/**
 * Recomputes every rollup table from the raw orders in one pass. Used after a bulk load (with the
 * per-row triggers deferred) and as the reference the triggers are tested against.
 * Call inside a transaction so readers never see half-built rollups; it throws (and the caller's
 * transaction rolls back) when orders hold values the rollups cannot represent.
 */
export function rebuildRollups(db: Database.Database): void {
  clearRollups(db);
  db.exec(`
    -- Each order's dimensions resolved once (not once per pivoted column), by key look-ups in two
    -- tiny tables of every (store, channel) and (product, channel): the CASE chains run 900 times
    -- instead of once per order, 2.0 s of CPU down to 1.1-1.4 s at 1M orders.
    CREATE TEMP TABLE rollup_store_pairs (
      store_id INTEGER NOT NULL, channel TEXT NOT NULL, region TEXT, region_channel INTEGER,
      PRIMARY KEY (store_id, channel)
    ) WITHOUT ROWID;
    INSERT INTO temp.rollup_store_pairs
      SELECT s.id, o.channel, s.region, ${regionChannelIndex} FROM stores s, (${channelRows}) o;
    CREATE TEMP TABLE rollup_product_pairs (
      product_id INTEGER NOT NULL, channel TEXT NOT NULL, category_channel INTEGER,
      PRIMARY KEY (product_id, channel)
    ) WITHOUT ROWID;
    INSERT INTO temp.rollup_product_pairs
      SELECT p.id, o.channel, ${categoryChannelIndex} FROM products p, (${channelRows}) o;
    -- CROSS JOIN keeps orders the outer loop: one pass in rowid order.
    CREATE TEMP TABLE rollup_orders AS
      SELECT o.day, o.store_id, o.product_id, s.region, p.category_channel, s.region_channel,
             ${cents("o.revenue")} AS revenue, ${cents("o.cost")} AS cost
      FROM orders o
        CROSS JOIN temp.rollup_store_pairs s ON s.store_id = o.store_id AND s.channel = o.channel
        CROSS JOIN temp.rollup_product_pairs p ON p.product_id = o.product_id AND p.channel = o.channel;
    DROP TABLE temp.rollup_store_pairs;
    DROP TABLE temp.rollup_product_pairs;

    -- Narrow first (~200k rows per million orders), then one wide row per (day, region).
    CREATE TEMP TABLE rollup_cube AS
      SELECT day, region, category_channel AS pair, COUNT(*) AS orders, SUM(revenue) AS revenue, SUM(cost) AS cost
      FROM temp.rollup_orders GROUP BY 1, 2, 3;
    INSERT INTO agg_day (day, region, ${cubeColumns.join(", ")})
      SELECT day, region, ${pivot(CATEGORY_CHANNELS, ["orders", "revenue", "cost"])}
      FROM temp.rollup_cube GROUP BY day, region;
    DROP TABLE temp.rollup_cube;

    CREATE TEMP TABLE rollup_product_day AS
      SELECT product_id, day, ${pivot(REGION_CHANNELS, ["revenue"])}
      FROM (SELECT product_id, day, region_channel AS pair, revenue FROM temp.rollup_orders)
      GROUP BY product_id, day;
    ${runningTables("product", productColumns)}

    CREATE TEMP TABLE rollup_store_day AS
      SELECT store_id, day, ${pivot(CATEGORY_CHANNELS, ["orders", "revenue", "cost"])}
      FROM (SELECT store_id, day, category_channel AS pair, 1 AS orders, revenue, cost FROM temp.rollup_orders)
      GROUP BY store_id, day;
    DROP TABLE temp.rollup_orders;
    ${runningTables("store", storeColumns)}
  `);
  finishRollups(db);
}
