import "server-only";
import { CATEGORY_CHANNELS, periodKey } from "../../db/rollup-layout";
import { LruCache } from "../cache";
import { bucketKeys, monthStart } from "../dates";
import { env } from "../env";
import { effectiveGranularity, filtersKey, type OverviewFilters } from "../overview/filters";
import { CATEGORIES, CHANNELS, type Granularity, type Region } from "../retail";
import { statement } from "../db";
import { dataVersion, getOverviewData, type OverviewData } from "./overview";
import type { DayRange } from "./range-plan";
import { dollars, inSlots, rangeTotal, selects, selectsPair, weighted, weights } from "./rollup-queries";

// The Stores page: a map of stores (the Overview's store revenue) and, for one store, a private
// panel with its KPIs (cost and profit included), revenue over time, top products and channel mix.
// Everything but the top products comes from the per-store running totals of migration 002, so it
// costs the same whatever the table size; the top products read that store's orders in the range
// through the orders (store_id, day) index of migration 008 (~1/60 of the range's orders).

export interface StoreInfo {
  id: number;
  name: string;
  city: string;
  region: string;
}

export interface StorePanel {
  /** `${storeId}|${filtersKey}`: which store and filter state this answer is for. */
  key: string;
  store: StoreInfo;
  /** False when the region filter leaves this store out: every figure is then zero. */
  inFilters: boolean;
  kpis: {
    revenue: number;
    orders: number;
    /** Revenue per order, or null without orders. */
    aov: number | null;
    /** (revenue - cost) / revenue, or null without revenue. */
    margin: number | null;
    cost: number;
    profit: number;
  };
  trend: { granularity: Granularity; x: string[]; revenue: number[] };
  products: { id: number; name: string; category: string; revenue: number }[];
  channels: { name: string; revenue: number }[];
}

export interface StoresView {
  /** filtersKey of the map's filter state. */
  key: string;
  stores: OverviewData["stores"];
  /** The store asked for (null: none), with its panel when it exists. */
  storeId: number | null;
  panel: StorePanel | null;
  /** Set when a store was asked for that does not exist. */
  storeError: string | null;
}

const storeKey = (storeId: number, filters: OverviewFilters) => `${storeId}|${filtersKey(filters)}`;

/** One store's name, city and region, or null when there is no such store. */
export async function getStore(storeId: number): Promise<StoreInfo | null> {
  const row = statement("SELECT id, name, city, region FROM stores WHERE id = ?").get(storeId) as
    StoreInfo | undefined;
  return row ?? null;
}

/** Orders, revenue and cost per channel for one store over the range, from the running totals. */
function channelTotals(storeId: number, filters: OverviewFilters, range: DayRange) {
  const params: Record<string, string | number | null> = {
    store: storeId,
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  };
  const columns = CHANNELS.flatMap((channel, i) => {
    const pairs = CATEGORY_CHANNELS.filter((pair) => pair.channel === channel);
    return (["orders", "revenue", "cost"] as const).map((measure) => {
      const total = rangeTotal("store", (alias) => weighted(pairs, measure, alias), range);
      Object.assign(params, total.params);
      return `${total.sql} AS ${measure}_${i}`;
    });
  });
  const row = statement(`SELECT ${columns.join(",\n")} FROM stores e WHERE e.id = @store`).get(params) as
    Record<string, number> | undefined;
  return CHANNELS.map((name, i) => ({
    name,
    orders: row?.[`orders_${i}`] ?? 0,
    revenue: row?.[`revenue_${i}`] ?? 0,
    cost: row?.[`cost_${i}`] ?? 0,
  }));
}

/**
 * Revenue per chart bucket. A day's revenue is its running total minus the previous row's in the
 * same month (rows exist only for days with orders), so reading starts at the first of `from`'s
 * month; at most ~1,850 rows for five years, whatever the table size.
 */
function trend(storeId: number, filters: OverviewFilters, range: DayRange): StorePanel["trend"] {
  const granularity = effectiveGranularity(filters);
  const rows = statement(
    `WITH running AS (
       SELECT c.day, ${weighted(CATEGORY_CHANNELS, "revenue", "c.")} AS total FROM cum_store_day c
        WHERE c.store_id = @store AND c.day >= @month_start AND c.day <= @to),
     daily AS (
       SELECT day, total - COALESCE(LAG(total) OVER (PARTITION BY substr(day, 1, 7) ORDER BY day), 0) AS revenue
         FROM running)
     SELECT ${periodKey[granularity]("day")} AS bucket, SUM(revenue) AS revenue
       FROM daily WHERE day >= @from GROUP BY bucket`,
  ).all({
    store: storeId,
    month_start: monthStart(range[0]),
    from: range[0],
    to: range[1],
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  }) as { bucket: string; revenue: number }[];
  const x = bucketKeys(range[0], range[1], granularity);
  const index = new Map(x.map((key, i) => [key, i]));
  const revenue = new Array<number>(x.length).fill(0);
  for (const row of rows) {
    const i = index.get(row.bucket);
    if (i !== undefined) revenue[i] = dollars(row.revenue);
  }
  return { granularity, x, revenue };
}

/** The store's ten best-selling products in the range, ties by id. */
function topProducts(storeId: number, filters: OverviewFilters, range: DayRange): StorePanel["products"] {
  const categories = inSlots("category", filters.categories, CATEGORIES);
  const channels = inSlots("channel", filters.channels, CHANNELS);
  const rows = statement(
    // Summed from the covering index alone, with the category test against a small set built once
    // (a per-order join to products cost ~20% more CPU); products are joined for the ten kept.
    `SELECT p.id, p.name, p.category, t.revenue FROM (
       SELECT o.product_id, SUM(o.revenue) AS revenue FROM orders o
        WHERE o.store_id = @store AND o.day BETWEEN @from AND @to AND o.channel IN ${channels.sql}
          AND o.product_id IN (SELECT id FROM products WHERE category IN ${categories.sql})
        GROUP BY o.product_id) t
     JOIN products p ON p.id = t.product_id
     ORDER BY t.revenue DESC, p.id LIMIT 10`,
  ).all({
    store: storeId,
    from: range[0],
    to: range[1],
    ...categories.params,
    ...channels.params,
  }) as StorePanel["products"];
  // Sums of REAL amounts: rounded to the cent like every other figure.
  return rows.map((row) => ({ ...row, revenue: Math.round(row.revenue * 100) / 100 }));
}

const emptyPanel = (store: StoreInfo, filters: OverviewFilters): StorePanel => {
  const granularity = effectiveGranularity(filters);
  const x = bucketKeys(filters.from, filters.to, granularity);
  return {
    key: storeKey(store.id, filters),
    store,
    inFilters: false,
    kpis: { revenue: 0, orders: 0, aov: null, margin: null, cost: 0, profit: 0 },
    trend: { granularity, x, revenue: x.map(() => 0) },
    products: [],
    channels: [],
  };
};

/** One store's panel for a filter state, straight from SQL (no cache). */
export function computeStorePanel(store: StoreInfo, filters: OverviewFilters): StorePanel {
  if (!selects(filters.regions, store.region as Region)) return emptyPanel(store, filters);
  const range: DayRange = [filters.from, filters.to];
  const channels = channelTotals(store.id, filters, range);
  const sum = (measure: "orders" | "revenue" | "cost") =>
    channels.reduce((total, c) => total + c[measure], 0);
  const orders = sum("orders");
  const revenue = sum("revenue");
  const cost = sum("cost");
  return {
    key: storeKey(store.id, filters),
    store,
    inFilters: true,
    kpis: {
      revenue: dollars(revenue),
      orders,
      aov: orders === 0 ? null : dollars(revenue) / orders,
      margin: revenue === 0 ? null : (revenue - cost) / revenue,
      cost: dollars(cost),
      profit: dollars(revenue - cost),
    },
    trend: trend(store.id, filters, range),
    products: topProducts(store.id, filters, range),
    channels: channels
      .filter((c) => c.orders > 0)
      .map((c) => ({ name: c.name, revenue: dollars(c.revenue) })),
  };
}

const globalForCache = globalThis as typeof globalThis & { chartroomStoreCache?: LruCache<StorePanel> };
export const storePanelCache = (globalForCache.chartroomStoreCache ??= new LruCache<StorePanel>({
  maxEntries: env.CACHE_MAX_ENTRIES,
  ttlMs: env.CACHE_TTL_MS,
}));

/** A store's panel, cached like the Overview (keyed by data version, store and filters). */
export async function getStorePanelData(store: StoreInfo, filters: OverviewFilters): Promise<StorePanel> {
  return storePanelCache.getOrCompute(`${dataVersion()}#${storeKey(store.id, filters)}`, () =>
    computeStorePanel(store, filters),
  );
}

/**
 * Everything the Stores page shows for a filter state and an optional store: the map's stores and
 * the store's panel, in one call, so a filter change with a panel open is still one round trip.
 */
export async function getStoresView(filters: OverviewFilters, storeId: number | null): Promise<StoresView> {
  const store = storeId === null ? null : await getStore(storeId);
  const [overview, panel] = await Promise.all([
    getOverviewData(filters),
    store ? getStorePanelData(store, filters) : Promise.resolve(null),
  ]);
  return {
    key: filtersKey(filters),
    stores: overview.stores,
    storeId,
    panel,
    storeError: storeId !== null && !store ? `There is no store with id ${storeId}.` : null,
  };
}
