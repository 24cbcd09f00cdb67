import type Database from "better-sqlite3";
import { CATEGORIES, CHANNELS, REGIONS, type Category, type Region } from "../lib/retail";
import {
  CATEGORY_CHANNELS,
  REGION_CHANNELS,
  cubeColumns,
  productColumns,
  storeColumns,
} from "./rollup-layout";
import { clearRollups, finishRollups } from "./rollups";

// The generator knows each order's day, store, product, channel and amounts as it draws them, so
// it sums the daily pivots here instead of having rebuildRollups read the million orders back.
// Measured seeding 1M orders on the shared 2-core machine (load 6-9): rebuildRollups took 11-13.5 s
// of CPU (a temp copy of every order, GROUP BY and window sorts, temp tables written twice); these
// sums add ~0.7 s to the row loop and the writes below take 2.2-3.1 s, almost all of it binding and
// inserting the 450k cum_*_day rows once, in key order. rebuildRollups stays the reference: a unit
// test holds these tables equal to it, row for row.

const CUBE_WIDTH = cubeColumns.length;
const PRODUCT_WIDTH = productColumns.length;
const STORE_WIDTH = storeColumns.length;

const pairIndex = <T extends { channel: string }>(pairs: readonly T[], key: (pair: T) => string) =>
  new Map(pairs.map((pair, i) => [`${key(pair)}|${pair.channel}`, i]));
const CATEGORY_CHANNEL = pairIndex(CATEGORY_CHANNELS, (pair) => pair.category);
const REGION_CHANNEL = pairIndex(REGION_CHANNELS, (pair) => pair.region);

/**
 * Multi-row INSERTs into one table from a reused parameter array: one statement per `perStatement`
 * rows instead of one per row, and no array allocated per row.
 */
function batchInsert(db: Database.Database, table: string, columns: readonly string[], perStatement: number) {
  const row = `(${columns.map(() => "?").join(", ")})`;
  const sql = (rows: number) =>
    `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${Array.from({ length: rows }, () => row).join(", ")}`;
  const many = db.prepare(sql(perStatement));
  const one = db.prepare(sql(1));
  const params: (string | number)[] = new Array(columns.length * perStatement);
  let filled = 0;
  return {
    /** Appends one row: its two keys, then `width` values of `values` from `offset`. */
    push(id: string | number, key: string, values: Float64Array, offset: number, width: number) {
      params[filled++] = id;
      params[filled++] = key;
      for (let i = 0; i < width; i++) params[filled++] = values[offset + i]!;
      if (filled === params.length) {
        many.run(params);
        filled = 0;
      }
    },
    flush() {
      for (let start = 0; start < filled; start += columns.length)
        one.run(params.slice(start, start + columns.length));
      filled = 0;
    },
  };
}

export interface DemoRollupsLayout {
  /** Every day of the data, in order, as YYYY-MM-DD. */
  days: readonly string[];
  /** The region of store i + 1. */
  storeRegions: readonly Region[];
  /** The category of product i + 1. */
  productCategories: readonly Category[];
}

/**
 * Sums the daily pivots of agg_day, cum_product_day and cum_store_day while orders are generated,
 * then writes every rollup table as rebuildRollups would. Memory is fixed by days x entities x
 * columns (~120 MB for five years, 60 stores and 240 products), whatever the number of orders.
 */
export function createDemoRollups(layout: DemoRollupsLayout) {
  const dayCount = layout.days.length;
  const storeCount = layout.storeRegions.length;
  const productCount = layout.productCategories.length;
  const storeRegion = Int32Array.from(layout.storeRegions, (region) => REGIONS.indexOf(region));
  const productCategory = Int32Array.from(layout.productCategories, (category) =>
    CATEGORIES.indexOf(category),
  );
  if (storeRegion.includes(-1) || productCategory.includes(-1))
    throw new Error("Demo rollups need every store in a known region and product in a known category");
  // (category, channel) and (region, channel) column groups, looked up once per combination.
  const categoryChannel = Int32Array.from({ length: CATEGORIES.length * CHANNELS.length }, (_, i) =>
    CATEGORY_CHANNEL.get(`${CATEGORIES[Math.floor(i / CHANNELS.length)]}|${CHANNELS[i % CHANNELS.length]}`)!,
  );
  const regionChannel = Int32Array.from({ length: REGIONS.length * CHANNELS.length }, (_, i) =>
    REGION_CHANNEL.get(`${REGIONS[Math.floor(i / CHANNELS.length)]}|${CHANNELS[i % CHANNELS.length]}`)!,
  );

  // Rows exist only where there are orders, so each cell also counts its orders. Cells are laid
  // out day-major, the order in which orders arrive, so the cells one day touches stay together.
  const cubeOrders = new Int32Array(dayCount * REGIONS.length);
  const cube = new Float64Array(dayCount * REGIONS.length * CUBE_WIDTH);
  const productOrders = new Int32Array(productCount * dayCount);
  const productDay = new Float64Array(productCount * dayCount * PRODUCT_WIDTH);
  const storeOrders = new Int32Array(storeCount * dayCount);
  const storeDay = new Float64Array(storeCount * dayCount * STORE_WIDTH);

  /** Adds one order; `store` and `product` are ids (from 1), amounts are integer cents. */
  function add(
    day: number,
    store: number,
    product: number,
    channel: number,
    revenueCents: number,
    costCents: number,
  ): void {
    const region = storeRegion[store - 1]!;
    const byCategory = categoryChannel[productCategory[product - 1]! * CHANNELS.length + channel]! * 3;
    const cubeRow = day * REGIONS.length + region;
    cubeOrders[cubeRow]!++;
    let at = cubeRow * CUBE_WIDTH + byCategory;
    cube[at]!++;
    cube[at + 1]! += revenueCents;
    cube[at + 2]! += costCents;
    const productRow = day * productCount + product - 1;
    productOrders[productRow]!++;
    productDay[productRow * PRODUCT_WIDTH + regionChannel[region * CHANNELS.length + channel]!]! +=
      revenueCents;
    const storeRow = day * storeCount + store - 1;
    storeOrders[storeRow]!++;
    at = storeRow * STORE_WIDTH + byCategory;
    storeDay[at]!++;
    storeDay[at + 1]! += revenueCents;
    storeDay[at + 2]! += costCents;
  }

  const monthOf = layout.days.map((day) => `${day.slice(0, 8)}01`);
  const yearOf = layout.days.map((day) => `${day.slice(0, 5)}01-01`);

  /**
   * The three running-total tables of one entity kind, each written in primary-key order so the
   * b-trees fill by appending. Day rows restart each month, month rows each year, year rows never.
   */
  function writeRunning(
    db: Database.Database,
    entity: "product" | "store",
    count: number,
    orders: Int32Array,
    daily: Float64Array,
    columns: readonly string[],
  ) {
    const width = columns.length;
    const perStatement = Math.max(1, Math.floor(1000 / (2 + width)));
    const insert = (level: string) =>
      batchInsert(db, `cum_${entity}_${level}`, [`${entity}_id`, level, ...columns], perStatement);
    const dayRows = insert("day");
    const monthRows = insert("month");
    const yearRows = insert("year");
    // [0, width): within the month; [width, 2 width): within the year; [2 width, 3 width): overall.
    const running = new Float64Array(3 * width);
    for (let entityIndex = 0; entityIndex < count; entityIndex++) {
      const id = entityIndex + 1;
      running.fill(0);
      let monthHasOrders = false;
      let yearHasOrders = false;
      for (let day = 0; day <= dayCount; day++) {
        const newMonth = day === dayCount || (day > 0 && monthOf[day] !== monthOf[day - 1]);
        const newYear = day === dayCount || (day > 0 && yearOf[day] !== yearOf[day - 1]);
        if (newMonth) {
          if (monthHasOrders) {
            for (let i = 0; i < width; i++) running[width + i]! += running[i]!;
            monthRows.push(id, monthOf[day - 1]!, running, width, width);
          }
          running.fill(0, 0, width);
          monthHasOrders = false;
        }
        if (newYear) {
          if (yearHasOrders) {
            for (let i = 0; i < width; i++) running[2 * width + i]! += running[width + i]!;
            yearRows.push(id, yearOf[day - 1]!, running, 2 * width, width);
          }
          running.fill(0, width, 2 * width);
          yearHasOrders = false;
        }
        if (day === dayCount) break;
        const row = day * count + entityIndex;
        if (orders[row] === 0) continue;
        for (let i = 0; i < width; i++) running[i]! += daily[row * width + i]!;
        dayRows.push(id, layout.days[day]!, running, 0, width);
        monthHasOrders = yearHasOrders = true;
      }
    }
    dayRows.flush();
    monthRows.flush();
    yearRows.flush();
  }

  /** Replaces every rollup table with the sums of the orders added; call inside the load's transaction. */
  function write(db: Database.Database): void {
    clearRollups(db);
    const regionsByName = REGIONS.map((_, i) => i).sort((a, b) => (REGIONS[a]! < REGIONS[b]! ? -1 : 1));
    const cubeRows = batchInsert(db, "agg_day", ["day", "region", ...cubeColumns], 13);
    for (let day = 0; day < dayCount; day++) {
      for (const region of regionsByName) {
        const row = day * REGIONS.length + region;
        if (cubeOrders[row] === 0) continue;
        cubeRows.push(layout.days[day]!, REGIONS[region]!, cube, row * CUBE_WIDTH, CUBE_WIDTH);
      }
    }
    cubeRows.flush();
    writeRunning(db, "product", productCount, productOrders, productDay, productColumns);
    writeRunning(db, "store", storeCount, storeOrders, storeDay, storeColumns);
    finishRollups(db);
  }

  return { add, write };
}
