import "server-only";
import { CATEGORY_CHANNELS, REGION_CHANNELS, cents, cubeColumns } from "../../db/rollup-layout";
import { LruCache } from "../cache";
import { bucketKeys } from "../dates";
import { env } from "../env";
import {
  effectiveGranularity,
  filtersKey,
  previousPeriod,
  type DateDefaults,
  type OverviewFilters,
} from "../overview/filters";
import { CATEGORIES, CHANNELS, REGIONS, type Granularity } from "../retail";
import { statement } from "../db";
import type { DayRange } from "./range-plan";
import {
  TIMESERIES_LEVELS,
  cubeRows,
  dollars,
  inSlots,
  rangeTotal,
  selects,
  selectsPair,
  weighted,
  weights,
} from "./rollup-queries";

export interface Kpi {
  value: number | null;
  previous: number | null;
  /** Relative change (0.05 = +5%); for margin, the change in percentage points as a fraction. */
  change: number | null;
}

export interface OverviewData {
  /** filtersKey() of the filters this answer is for, so the client can tell stale from current. */
  key: string;
  filters: OverviewFilters;
  previousPeriod: DateDefaults;
  hasData: boolean;
  kpis: { revenue: Kpi; orders: Kpi; aov: Kpi; margin: Kpi };
  timeseries: {
    granularity: Granularity;
    x: string[];
    series: { name: string; y: number[] }[];
  };
  categories: { name: string; revenue: number }[];
  channels: { name: string; revenue: number }[];
  products: { id: number; name: string; category: string; revenue: number }[];
  stores: {
    id: number;
    name: string;
    city: string;
    region: string;
    lat: number;
    lon: number;
    revenue: number;
    orders: number;
  }[];
}

interface Figures {
  orders: number;
  /** Cents. */
  revenue: number;
  /** Cents. */
  cost: number;
}

interface Breakdown {
  total: Figures;
  categories: Map<string, Figures>;
  channels: Map<string, Figures>;
}

const emptyFigures = (): Figures => ({ orders: 0, revenue: 0, cost: 0 });

/** Orders, revenue and cost over a range, in total and per category and channel, in one read. */
function breakdown(filters: OverviewFilters, range: DayRange): Breakdown {
  const regions = inSlots("region", filters.regions, REGIONS);
  const source = cubeRows(range, ["year", "month"], regions.sql, cubeColumns.join(", "));
  const sums = statement(
    `SELECT ${cubeColumns.map((column) => `COALESCE(SUM(${column}), 0) AS ${column}`).join(", ")} FROM (${source.sql})`,
  ).get({ ...regions.params, ...source.params }) as Record<string, number>;
  const result: Breakdown = { total: emptyFigures(), categories: new Map(), channels: new Map() };
  for (const { category, channel, slug } of CATEGORY_CHANNELS) {
    if (!selects(filters.categories, category) || !selects(filters.channels, channel)) continue;
    const figures = {
      orders: sums[`orders_${slug}`]!,
      revenue: sums[`revenue_${slug}`]!,
      cost: sums[`cost_${slug}`]!,
    };
    for (const [map, key] of [
      [result.categories, category],
      [result.channels, channel],
    ] as const) {
      const target = map.get(key) ?? emptyFigures();
      map.set(key, addFigures(target, figures));
    }
    result.total = addFigures(result.total, figures);
  }
  return result;
}

const addFigures = (a: Figures, b: Figures): Figures => ({
  orders: a.orders + b.orders,
  revenue: a.revenue + b.revenue,
  cost: a.cost + b.cost,
});

function kpis(current: Figures, previous: Figures): OverviewData["kpis"] {
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  const relative = (now: number | null, before: number | null) =>
    now === null || before === null || before === 0 ? null : (now - before) / Math.abs(before);
  const margin = (t: Figures) => ratio(t.revenue - t.cost, t.revenue);
  const kpi = (value: number | null, prev: number | null, points = false): Kpi => ({
    value,
    previous: prev,
    change: points ? (value === null || prev === null ? null : value - prev) : relative(value, prev),
  });
  return {
    revenue: kpi(dollars(current.revenue), dollars(previous.revenue)),
    orders: kpi(current.orders, previous.orders),
    aov: kpi(
      ratio(dollars(current.revenue), current.orders),
      ratio(dollars(previous.revenue), previous.orders),
    ),
    margin: kpi(margin(current), margin(previous), true),
  };
}

function timeseries(filters: OverviewFilters, range: DayRange): OverviewData["timeseries"] {
  const granularity = effectiveGranularity(filters);
  const regions = inSlots("region", filters.regions, REGIONS);
  const columns = CATEGORY_CHANNELS.map(({ slug }) => `revenue_${slug}`).join(", ");
  const source = cubeRows(range, TIMESERIES_LEVELS[granularity], regions.sql, columns, granularity);
  const rows = statement(
    `SELECT bucket, region, SUM(${weighted(CATEGORY_CHANNELS, "revenue", "")}) AS revenue
       FROM (${source.sql}) GROUP BY bucket, region`,
  ).all({
    ...regions.params,
    ...source.params,
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  }) as { bucket: string; region: string; revenue: number }[];
  const x = bucketKeys(range[0], range[1], granularity);
  const index = new Map(x.map((key, i) => [key, i]));
  const regionNames = filters.regions.length ? filters.regions : REGIONS;
  const series = regionNames.map((name) => ({ name, y: new Array<number>(x.length).fill(0) }));
  const byRegion = new Map(series.map((s) => [s.name as string, s]));
  for (const row of rows) {
    const i = index.get(row.bucket);
    const target = byRegion.get(row.region);
    if (i !== undefined && target) target.y[i] = dollars(row.revenue);
  }
  return { granularity, x, series };
}

function revenueBy(
  found: Map<string, Figures>,
  order: readonly string[],
): { name: string; revenue: number }[] {
  return order
    .filter((name) => (found.get(name)?.orders ?? 0) > 0)
    .map((name) => ({ name, revenue: dollars(found.get(name)!.revenue) }));
}

/**
 * The ten products with the most revenue, ties by id. A product with no revenue in the range is
 * not listed. ~1,500 indexed look-ups whatever the range (was up to 60k rollup rows).
 */
function topProducts(filters: OverviewFilters, range: DayRange): OverviewData["products"] {
  const categories = inSlots("category", filters.categories, CATEGORIES);
  const revenue = rangeTotal("product", (alias) => weighted(REGION_CHANNELS, "revenue", alias), range);
  const rows = statement(
    `WITH totals AS MATERIALIZED (
       SELECT e.id, ${revenue.sql} AS revenue FROM products e WHERE e.category IN ${categories.sql})
     SELECT p.id, p.name, p.category, t.revenue FROM totals t JOIN products p ON p.id = t.id
      WHERE t.revenue > 0 ORDER BY t.revenue DESC, p.id LIMIT 10`,
  ).all({
    ...categories.params,
    ...revenue.params,
    ...weights(
      REGION_CHANNELS,
      (pair) => selects(filters.regions, pair.region) && selects(filters.channels, pair.channel),
    ),
  }) as OverviewData["products"];
  return rows.map((row) => ({ ...row, revenue: dollars(row.revenue) }));
}

/** Revenue and orders of every store with orders in the range, by store id. */
function storeRevenue(filters: OverviewFilters, range: DayRange): OverviewData["stores"] {
  const regions = inSlots("region", filters.regions, REGIONS);
  const revenue = rangeTotal("store", (alias) => weighted(CATEGORY_CHANNELS, "revenue", alias), range);
  const orders = rangeTotal("store", (alias) => weighted(CATEGORY_CHANNELS, "orders", alias), range);
  const rows = statement(
    `WITH totals AS MATERIALIZED (
       SELECT e.id, ${revenue.sql} AS revenue, ${orders.sql} AS orders FROM stores e WHERE e.region IN ${regions.sql})
     SELECT s.id, s.name, s.city, s.region, s.lat, s.lon, t.revenue, t.orders FROM totals t JOIN stores s ON s.id = t.id
      WHERE t.orders > 0 ORDER BY s.id`,
  ).all({
    ...regions.params,
    ...revenue.params,
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  }) as OverviewData["stores"];
  return rows.map((row) => ({ ...row, revenue: dollars(row.revenue) }));
}

/**
 * Orders, revenue and cost of the live feed's orders (live_orders, at most a day of rows, indexed
 * by day) in a range, for the Overview's live opt-in.
 */
function liveFigures(filters: OverviewFilters, range: DayRange): Figures {
  const regions = inSlots("region", filters.regions, REGIONS);
  const categories = inSlots("category", filters.categories, CATEGORIES);
  const channels = inSlots("channel", filters.channels, CHANNELS);
  return statement(
    `SELECT COUNT(*) AS orders, COALESCE(SUM(${cents("o.revenue")}), 0) AS revenue, COALESCE(SUM(${cents("o.cost")}), 0) AS cost
       FROM live_orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id
      WHERE o.day BETWEEN @from AND @to AND s.region IN ${regions.sql} AND p.category IN ${categories.sql}
        AND o.channel IN ${channels.sql}`,
  ).get({
    from: range[0],
    to: range[1],
    ...regions.params,
    ...categories.params,
    ...channels.params,
  }) as Figures;
}

/** Every figure of the Overview for one filter state, straight from SQL (no cache). */
export function computeOverview(filters: OverviewFilters): OverviewData {
  const range: DayRange = [filters.from, filters.to];
  const previous = previousPeriod(filters);
  const current = breakdown(filters, range);
  const before = breakdown(filters, [previous.from, previous.to]);
  if (filters.live) {
    // Only the KPI totals: the charts stay on the historical orders.
    current.total = addFigures(current.total, liveFigures(filters, range));
    before.total = addFigures(before.total, liveFigures(filters, [previous.from, previous.to]));
  }
  return {
    key: filtersKey(filters),
    filters,
    previousPeriod: previous,
    hasData: current.total.orders > 0,
    kpis: kpis(current.total, before.total),
    timeseries: timeseries(filters, range),
    categories: revenueBy(current.categories, CATEGORIES),
    channels: revenueBy(current.channels, CHANNELS),
    products: topProducts(filters, range),
    stores: storeRevenue(filters, range),
  };
}

const globalForCache = globalThis as typeof globalThis & { chartroomOverviewCache?: LruCache<OverviewData> };
export const overviewCache = (globalForCache.chartroomOverviewCache ??= new LruCache<OverviewData>({
  maxEntries: env.CACHE_MAX_ENTRIES,
  ttlMs: env.CACHE_TTL_MS,
  name: "overview",
}));

/**
 * Bumped by the rollup triggers on every insert, update and delete of orders and by every rebuild:
 * part of every cache key, so any change (the live feed, an import, a correction) makes cached
 * answers miss at once instead of waiting for the TTL. (The highest order id missed updates and
 * deletes.)
 */
export function dataVersion(): number {
  return (statement("SELECT version FROM rollup_control WHERE id = 1").get() as { version: number }).version;
}

/** Changes whenever the live feed inserts or prunes: the first and last live order ids. */
function liveVersion(): string {
  const row = statement(
    "SELECT (SELECT MIN(id) FROM live_orders) AS first, (SELECT MAX(id) FROM live_orders) AS last",
  ).get() as { first: number | null; last: number | null };
  return `${row.first ?? 0}-${row.last ?? 0}`;
}

export async function getOverviewData(filters: OverviewFilters): Promise<OverviewData> {
  const version = filters.live ? `${dataVersion()}+${liveVersion()}` : `${dataVersion()}`;
  return overviewCache.getOrCompute(`${version}#${filtersKey(filters)}`, () => computeOverview(filters));
}

/** First and last day that have orders, or null for an empty database. */
export async function getDataRange(): Promise<{ first: string; last: string } | null> {
  // Two subqueries, not MIN and MAX in one SELECT: SQLite answers a lone MIN or MAX from the
  // index edge but scans the whole index for both together (56 ms at 1M rows, 337 ms at 5M).
  const row = statement(
    "SELECT (SELECT MIN(day) FROM orders) AS first, (SELECT MAX(day) FROM orders) AS last",
  ).get() as {
    first: string | null;
    last: string | null;
  };
  return row.first && row.last ? { first: row.first, last: row.last } : null;
}
