import "server-only";
import { CATEGORY_CHANNELS } from "../../db/rollup-layout";
import { LruCache } from "../cache";
import { bucketKeys } from "../dates";
import { env } from "../env";
import { effectiveGranularity, filtersKey, type OverviewFilters } from "../overview/filters";
import { REGIONS, type Granularity } from "../retail";
import { statement } from "../db";
import { dataVersion, getOverviewData, type OverviewData } from "./overview";
import type { DayRange } from "./range-plan";
import {
  TIMESERIES_LEVELS,
  cubeRows,
  dollars,
  inSlots,
  rangeTotal,
  selectsPair,
  weighted,
  weights,
} from "./rollup-queries";

// Cost and profit figures: private (signed-in users only). The public Overview never returns them.

export interface ProfitRow {
  revenue: number;
  cost: number;
  profit: number;
  /** (revenue - cost) / revenue, or null without revenue. */
  margin: number | null;
}

export interface ProfitData {
  key: string;
  byRegion: (ProfitRow & { name: string })[];
  byStore: (ProfitRow & { id: number; name: string; city: string; region: string; orders: number })[];
  timeseries: { granularity: Granularity; x: string[]; profit: number[]; cost: number[] };
}

export interface DashboardData {
  overview: OverviewData;
  profit: ProfitData;
}

const profitRow = (revenueCents: number, costCents: number): ProfitRow => ({
  revenue: dollars(revenueCents),
  cost: dollars(costCents),
  profit: dollars(revenueCents - costCents),
  margin: revenueCents === 0 ? null : (revenueCents - costCents) / revenueCents,
});

const pairColumns = CATEGORY_CHANNELS.flatMap(({ slug }) => [`revenue_${slug}`, `cost_${slug}`]).join(", ");

function byRegion(filters: OverviewFilters, range: DayRange): ProfitData["byRegion"] {
  const regions = inSlots("region", filters.regions, REGIONS);
  const source = cubeRows(range, ["year", "month"], regions.sql, pairColumns);
  const rows = statement(
    `SELECT region, SUM(${weighted(CATEGORY_CHANNELS, "revenue", "")}) AS revenue,
            SUM(${weighted(CATEGORY_CHANNELS, "cost", "")}) AS cost
       FROM (${source.sql}) GROUP BY region`,
  ).all({
    ...regions.params,
    ...source.params,
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  }) as { region: string; revenue: number; cost: number }[];
  const found = new Map(rows.map((row) => [row.region, row]));
  return REGIONS.filter((name) => (found.get(name)?.revenue ?? 0) !== 0).map((name) => ({
    name,
    ...profitRow(found.get(name)!.revenue, found.get(name)!.cost),
  }));
}

function profitOverTime(filters: OverviewFilters, range: DayRange): ProfitData["timeseries"] {
  const granularity = effectiveGranularity(filters);
  const regions = inSlots("region", filters.regions, REGIONS);
  const source = cubeRows(range, TIMESERIES_LEVELS[granularity], regions.sql, pairColumns, granularity);
  const rows = statement(
    `SELECT bucket, SUM(${weighted(CATEGORY_CHANNELS, "revenue", "")}) AS revenue,
            SUM(${weighted(CATEGORY_CHANNELS, "cost", "")}) AS cost
       FROM (${source.sql}) GROUP BY bucket`,
  ).all({
    ...regions.params,
    ...source.params,
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  }) as { bucket: string; revenue: number; cost: number }[];
  const x = bucketKeys(range[0], range[1], granularity);
  const index = new Map(x.map((key, i) => [key, i]));
  const profit = new Array<number>(x.length).fill(0);
  const cost = new Array<number>(x.length).fill(0);
  for (const row of rows) {
    const i = index.get(row.bucket);
    if (i === undefined) continue;
    profit[i] = dollars(row.revenue - row.cost);
    cost[i] = dollars(row.cost);
  }
  return { granularity, x, profit, cost };
}

function byStore(filters: OverviewFilters, range: DayRange): ProfitData["byStore"] {
  const regions = inSlots("region", filters.regions, REGIONS);
  const revenue = rangeTotal("store", (alias) => weighted(CATEGORY_CHANNELS, "revenue", alias), range);
  const cost = rangeTotal("store", (alias) => weighted(CATEGORY_CHANNELS, "cost", alias), range);
  const orders = rangeTotal("store", (alias) => weighted(CATEGORY_CHANNELS, "orders", alias), range);
  const rows = statement(
    `WITH totals AS MATERIALIZED (
       SELECT e.id, ${revenue.sql} AS revenue, ${cost.sql} AS cost, ${orders.sql} AS orders
         FROM stores e WHERE e.region IN ${regions.sql})
     SELECT s.id, s.name, s.city, s.region, t.revenue, t.cost, t.orders FROM totals t JOIN stores s ON s.id = t.id
      WHERE t.orders > 0 ORDER BY t.revenue - t.cost DESC, s.id`,
  ).all({
    ...regions.params,
    ...revenue.params,
    ...weights(CATEGORY_CHANNELS, (pair) => selectsPair(filters, pair)),
  }) as {
    id: number;
    name: string;
    city: string;
    region: string;
    revenue: number;
    cost: number;
    orders: number;
  }[];
  return rows.map(({ revenue: r, cost: c, ...store }) => ({ ...store, ...profitRow(r, c) }));
}

/** Cost and profit for one filter state, straight from the rollups (no cache). */
export function computeProfit(filters: OverviewFilters): ProfitData {
  const range: DayRange = [filters.from, filters.to];
  return {
    key: filtersKey(filters),
    byRegion: byRegion(filters, range),
    byStore: byStore(filters, range),
    timeseries: profitOverTime(filters, range),
  };
}

const globalForCache = globalThis as typeof globalThis & { chartroomProfitCache?: LruCache<ProfitData> };
const profitCache = (globalForCache.chartroomProfitCache ??= new LruCache<ProfitData>({
  maxEntries: env.CACHE_MAX_ENTRIES,
  ttlMs: env.CACHE_TTL_MS,
}));

/** Everything the private dashboard shows for one filter state: one call, one round trip. */
export async function getDashboardData(filters: OverviewFilters): Promise<DashboardData> {
  const [overview, profit] = await Promise.all([
    getOverviewData(filters),
    profitCache.getOrCompute(`${dataVersion()}#${filtersKey(filters)}`, () => computeProfit(filters)),
  ]);
  return { overview, profit };
}
