import "server-only";
import { LruCache } from "../cache";
import { statement } from "../db";
import { detailsKey, type DetailsState, type Position } from "../details/state";
import { env } from "../env";
import { filtersKey } from "../overview/filters";
import { dollars } from "./rollup-queries";
import { dataVersion, getOverviewData, type OverviewData } from "./overview";
import {
  choosePlan,
  countMatching,
  cursorKey,
  resolveSelection,
  readRows,
  type DetailsRow,
  type Prepare,
} from "./details-query";

export type { DetailsRow } from "./details-query";

export interface DetailsPage {
  /** detailsKey() of the state this answer is for, so the client can tell stale from current. */
  key: string;
  state: DetailsState;
  rows: DetailsRow[];
  /** Orders matching the filters (all pages). */
  count: number;
  page: number;
  pageCount: number;
  hasPrev: boolean;
  hasNext: boolean;
  /** Shown when the link's page position could not be used and the first page is shown instead. */
  notice: string | null;
  /** The name of the product picked on a chart, for its chip. */
  productName: string | null;
}

export interface DetailsCharts {
  categories: { name: string; revenue: number }[];
  products: { id: number; name: string; category: string; revenue: number }[];
  timeseries: { granularity: OverviewData["timeseries"]["granularity"]; x: string[]; revenue: number[] };
}

export interface DetailsData extends DetailsPage {
  charts: DetailsCharts;
}

const prepare: Prepare = (sql) => statement(sql);

const globalForCache = globalThis as typeof globalThis & { chartroomDetailsCounts?: LruCache<number> };
/**
 * Counts by selection (filters, search, picked product) and data version. Most counts are a few
 * rollup reads, but a text search matching many products counts over their index entries (up to
 * ~80 ms at 1M orders for a one-letter search over five years): paging and sorting the same
 * selection then reuse the count. The data version in the key makes any write miss at once.
 */
export const detailsCountCache = (globalForCache.chartroomDetailsCounts ??= new LruCache<number>({
  maxEntries: env.CACHE_MAX_ENTRIES,
  ttlMs: env.CACHE_TTL_MS,
}));

function cachedCount(state: DetailsState, compute: () => number): number {
  const key = `${dataVersion()}#${filtersKey(state.filters)}|${state.search}|${state.productId ?? ""}`;
  const cached = detailsCountCache.get(key);
  if (cached !== undefined) return cached;
  const count = compute();
  detailsCountCache.set(key, count);
  return count;
}

/**
 * One page of the table for a validated, normalized state, straight from SQL; `useCountCache`
 * reuses the selection's count from an earlier page (the benchmark measures without it).
 */
export function computeDetailsPage(
  state: DetailsState,
  start: Position = state.position,
  useCountCache = false,
): DetailsPage {
  const r = resolveSelection(prepare, state);
  const count = useCountCache
    ? cachedCount(state, () => countMatching(prepare, r))
    : countMatching(prepare, r);
  const size = state.size;
  const pageCount = Math.max(1, Math.ceil(count / size));
  const productName =
    state.productId === null
      ? null
      : ((statement("SELECT name FROM products WHERE id = ?").pluck().get(state.productId) as
          string | undefined) ?? null);
  const answer = (
    rows: DetailsRow[],
    page: number,
    hasPrev: boolean,
    hasNext: boolean,
    notice: string | null,
  ) => ({
    key: detailsKey(state),
    state,
    rows,
    count,
    page: Math.min(Math.max(1, page), pageCount),
    pageCount,
    hasPrev,
    hasNext,
    notice,
    productName,
  });
  if (count === 0) return answer([], 1, false, false, null);

  let position: Position = start;
  let notice: string | null = null;
  let cursor: (string | number)[] | null = null;
  if (position.kind === "after" || position.kind === "before") {
    cursor = cursorKey(prepare, state.sort, position.id);
    if (!cursor) {
      notice = "The page in the link no longer exists (its order was removed); showing the first page.";
      position = { kind: "first" };
    }
  }

  const walksBackward = position.kind === "last" || position.kind === "before";
  const plan = choosePlan(prepare, r, {
    sort: state.sort,
    count,
    wanted: size + 1,
    allowMerge: true,
    start: { descending: (state.dir === "desc") !== walksBackward, key: cursor ? cursor[0]! : null },
  });
  const walk = (backward: boolean, cursor: (string | number)[] | null, limit: number) =>
    readRows(prepare, r, { sort: state.sort, dir: state.dir, backward, cursor, limit, plan });

  switch (position.kind) {
    case "first": {
      const rows = walk(false, null, size + 1);
      return answer(rows.slice(0, size), 1, false, rows.length > size, notice);
    }
    case "last": {
      // The last page holds what is left after whole pages, so paging back from it meets the same
      // page boundaries as paging forward from the first page.
      const lastSize = count % size || size;
      const rows = walk(true, null, lastSize).reverse();
      return answer(rows, pageCount, count > lastSize, false, notice);
    }
    case "after": {
      const rows = walk(false, cursor, size + 1);
      if (rows.length === 0) return computeDetailsPage(state, { kind: "last" }, useCountCache);
      return answer(rows.slice(0, size), state.page, true, rows.length > size, notice);
    }
    case "before": {
      const rows = walk(true, cursor, size + 1);
      if (rows.length === 0) return computeDetailsPage(state, { kind: "first" }, useCountCache);
      const hasPrev = rows.length > size;
      return answer(rows.slice(0, size).reverse(), hasPrev ? state.page : 1, hasPrev, true, notice);
    }
  }
}

/** The linked charts: the Overview's figures for the same filters (rollups, cached). */
export async function getDetailsCharts(state: DetailsState): Promise<DetailsCharts> {
  const overview = await getOverviewData(state.filters);
  const ts = overview.timeseries;
  const revenue = ts.x.map((_, i) => {
    const cents = ts.series.reduce((sum, series) => sum + Math.round((series.y[i] ?? 0) * 100), 0);
    return dollars(cents);
  });
  return {
    categories: overview.categories,
    products: overview.products,
    timeseries: { granularity: ts.granularity, x: ts.x, revenue },
  };
}

/** Everything the Details page shows for one state, in one call. */
export async function getDetailsData(state: DetailsState): Promise<DetailsData> {
  const page = computeDetailsPage(state, state.position, true);
  return { ...page, charts: await getDetailsCharts(state) };
}
