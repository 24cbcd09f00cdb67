import "server-only";
import type Database from "better-sqlite3";
import { CATEGORY_CHANNELS } from "../../db/rollup-layout";
import type { DetailsSelection, SortColumn } from "../details/state";
import { CATEGORIES, CHANNELS } from "../retail";
import { rangeTotal, selects, weighted, weights, type Bindings } from "./rollup-queries";

// The SQL of the Details table, shared by the page (lib/data/details.ts, on the app's connection)
// and the CSV export (lib/data/details-export.ts, on its own read-only connection). Filters reach
// SQL as bound values only (id lists as JSON arrays); the SQL text depends only on which filters
// are present and on the sort, so a few dozen prepared statements serve every state.
//
// Each sort is a total order ending in the order id, and each has an index walk:
// - value sorts (day, channel, quantity, revenue, cost, profit) walk one index of migration 007
//   (or orders_day) from the cursor: about a page of index entries per page whatever the table
//   size, as long as the filters keep a fair share of the rows;
// - entity sorts (store, city, region: stores in that column's order, then day and id; product,
//   category likewise over products) walk the stores or products in order and, for each, its
//   (entity, day) index from the cursor. A filter on the entity skips whole entities.
// When the filters keep so few rows that a walk would read many non-matching entries per match,
// the matching rows are read through the most selective filter index instead and sorted (at most
// FILTER_PLAN_MAX rows).

export type Prepare = (sql: string) => Database.Statement;

export interface DetailsRow {
  id: number;
  day: string;
  storeId: number;
  store: string;
  city: string;
  region: string;
  productId: number;
  product: string;
  category: string;
  channel: string;
  quantity: number;
  revenue: number;
  cost: number;
  profit: number;
}

export const ROW_COLUMNS = `o.id, o.day, o.store_id AS storeId, s.name AS store, s.city, s.region,
  o.product_id AS productId, p.name AS product, p.category, o.channel, o.quantity, o.revenue, o.cost,
  ROUND(o.revenue - o.cost, 2) AS profit`;
const JOINS = "JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

type Segmented = "store" | "product" | "channel" | "quantity";

interface ValueSort {
  kind: "value";
  index: string;
  keys: readonly string[];
  /** (product_id, key) index: with a product filter each product is walked alone and merged. */
  productIndex?: string;
}
/**
 * A sort whose leading key has few values (a store's or product's position in the sort, a channel,
 * a quantity): each value is a segment, walked by its (column, day) index, in order.
 */
interface SegmentSort {
  kind: "segments";
  column: Segmented;
  /** SQL listing the segments in ascending sort order. */
  segments: string;
  keys: readonly string[];
}
type SortPlan = ValueSort | SegmentSort;

const entitySegments = (table: string, order: string) => `SELECT e.id FROM ${table} e ORDER BY ${order}`;
/** The distinct values of an indexed column, one index seek each. */
const distinctValues = (column: string) => `WITH RECURSIVE v(x) AS (
    SELECT (SELECT MIN(${column}) FROM orders)
    UNION ALL SELECT (SELECT MIN(${column}) FROM orders WHERE ${column} > v.x) FROM v WHERE v.x IS NOT NULL
  ) SELECT x FROM v WHERE x IS NOT NULL`;

const SORTS: Record<SortColumn, SortPlan> = {
  day: { kind: "value", index: "orders_day", keys: ["o.day", "o.id"] },
  revenue: {
    kind: "value",
    index: "orders_revenue",
    keys: ["o.revenue", "o.id"],
    productIndex: "orders_product_revenue",
  },
  cost: {
    kind: "value",
    index: "orders_cost",
    keys: ["o.cost", "o.id"],
    productIndex: "orders_product_cost",
  },
  profit: {
    kind: "value",
    index: "orders_profit",
    keys: ["o.revenue - o.cost", "o.id"],
    productIndex: "orders_product_profit",
  },
  channel: {
    kind: "segments",
    column: "channel",
    segments: distinctValues("channel"),
    keys: ["o.channel", "o.day", "o.id"],
  },
  quantity: {
    kind: "segments",
    column: "quantity",
    segments: distinctValues("quantity"),
    keys: ["o.quantity", "o.day", "o.id"],
  },
  store: {
    kind: "segments",
    column: "store",
    segments: entitySegments("stores", "e.name, e.id"),
    keys: ["s.name", "s.id", "o.day", "o.id"],
  },
  city: {
    kind: "segments",
    column: "store",
    segments: entitySegments("stores", "e.city, e.name, e.id"),
    keys: ["s.city", "s.name", "s.id", "o.day", "o.id"],
  },
  region: {
    kind: "segments",
    column: "store",
    segments: entitySegments("stores", "e.region, e.name, e.id"),
    keys: ["s.region", "s.name", "s.id", "o.day", "o.id"],
  },
  product: {
    kind: "segments",
    column: "product",
    segments: entitySegments("products", "e.name, e.id"),
    keys: ["p.name", "p.id", "o.day", "o.id"],
  },
  category: {
    kind: "segments",
    column: "product",
    segments: entitySegments("products", "e.category, e.name, e.id"),
    keys: ["p.category", "p.name", "p.id", "o.day", "o.id"],
  },
};

const SEGMENT_COLUMNS: Record<Segmented, { column: string; index: string }> = {
  store: { column: "o.store_id", index: "orders_store_day" },
  product: { column: "o.product_id", index: "orders_product_day" },
  channel: { column: "o.channel", index: "orders_channel_day" },
  quantity: { column: "o.quantity", index: "orders_quantity_day" },
};

/** Sorts whose keys the filter indexes hold besides every filter column (orders_day holds none). */
const COVERED_SORTS: Record<string, readonly SortColumn[]> = {
  orders_store_day: ["day", "store", "city", "region", "product", "category", "channel", "revenue"],
  orders_product_day: ["day", "store", "city", "region", "product", "category", "channel"],
};
const coversSort = (index: string, sort: SortColumn) => COVERED_SORTS[index]?.includes(sort) ?? false;

/** Above this many matching rows the filter-driven plan is never used (its sort grows with them). */
export const FILTER_PLAN_MAX = 50_000;

/** The selection turned into id sets: every filter becomes a condition on orders' own columns. */
export interface Resolved {
  from: string;
  to: string;
  /** Stores allowed by the region filter (and a search matching stores only); null: every store. */
  stores: number[] | null;
  /** Products allowed by the category filter, the picked product and a search matching products
   * only; null: every product. */
  products: number[] | null;
  /** Whether `products` is exactly what the category filter allows (the rollups can count it). */
  productsByCategory: boolean;
  channels: string[] | null;
  /** A search matching both stores and products: a row matches through either. */
  search: { stores: number[]; products: number[] } | null;
  allStores: number[];
  allProducts: number[];
  categories: readonly string[];
  channelList: readonly string[];
}

export function resolveSelection(prepare: Prepare, selection: DetailsSelection): Resolved {
  const { filters } = selection;
  const stores = prepare("SELECT id, name, region FROM stores ORDER BY id").all() as {
    id: number;
    name: string;
    region: string;
  }[];
  const products = prepare("SELECT id, name, category FROM products ORDER BY id").all() as {
    id: number;
    name: string;
    category: string;
  }[];
  const intersect = (allowed: number[] | null, ids: number[]) => {
    if (!allowed) return ids;
    const keep = new Set(ids);
    return allowed.filter((id) => keep.has(id));
  };
  let allowedStores = filters.regions.length
    ? stores.filter((s) => (filters.regions as readonly string[]).includes(s.region)).map((s) => s.id)
    : null;
  let allowedProducts =
    filters.categories.length > 0
      ? products
          .filter((p) => (filters.categories as readonly string[]).includes(p.category))
          .map((p) => p.id)
      : null;
  let productsByCategory = true;
  if (selection.productId !== null) {
    allowedProducts = intersect(allowedProducts, [selection.productId]);
    productsByCategory = false;
  }
  let search: Resolved["search"] = null;
  const needle = selection.search.toLowerCase();
  if (needle) {
    const matches = (name: string) => name.toLowerCase().includes(needle);
    const searchStores = stores.filter((s) => matches(s.name)).map((s) => s.id);
    const searchProducts = products.filter((p) => matches(p.name)).map((p) => p.id);
    // A search that matches one side only is a plain filter on that side.
    if (searchProducts.length === 0) allowedStores = intersect(allowedStores, searchStores);
    else if (searchStores.length === 0) {
      allowedProducts = intersect(allowedProducts, searchProducts);
      productsByCategory = false;
    } else search = { stores: searchStores, products: searchProducts };
  }
  return {
    from: filters.from,
    to: filters.to,
    stores: allowedStores,
    products: allowedProducts,
    productsByCategory,
    channels: filters.channels.length ? [...filters.channels] : null,
    search,
    allStores: stores.map((s) => s.id),
    allProducts: products.map((p) => p.id),
    categories: filters.categories.length ? filters.categories : CATEGORIES,
    channelList: filters.channels.length ? filters.channels : CHANNELS,
  };
}

const inJson = (column: string, param: string) => `${column} IN (SELECT value FROM json_each(@${param}))`;

/** WHERE terms and bindings for the filters; `skip` leaves out a term a walk segment already fixes. */
function filterTerms(r: Resolved, skip?: Segmented): { terms: string[]; params: Bindings } {
  const terms = ["o.day BETWEEN @from AND @to"];
  const params: Bindings = { from: r.from, to: r.to };
  if (r.stores && skip !== "store") {
    terms.push(inJson("o.store_id", "stores"));
    params.stores = JSON.stringify(r.stores);
  }
  if (r.products && skip !== "product") {
    terms.push(inJson("o.product_id", "products"));
    params.products = JSON.stringify(r.products);
  }
  if (r.channels && skip !== "channel") {
    terms.push(inJson("o.channel", "channels"));
    params.channels = JSON.stringify(r.channels);
  }
  if (r.search) {
    terms.push(`(${inJson("o.store_id", "searchStores")} OR ${inJson("o.product_id", "searchProducts")})`);
    params.searchStores = JSON.stringify(r.search.stores);
    params.searchProducts = JSON.stringify(r.search.products);
  }
  return { terms, params };
}

/** Orders of `stores` in the range whose product category and channel pass: from the store rollups. */
function rollupCount(prepare: Prepare, r: Resolved, stores: readonly number[] | null): number {
  if (stores && stores.length === 0) return 0;
  const orders = rangeTotal("store", (alias) => weighted(CATEGORY_CHANNELS, "orders", alias), [r.from, r.to]);
  const where = stores ? `WHERE ${inJson("e.id", "ids")}` : "";
  const sql = `WITH totals AS MATERIALIZED (SELECT ${orders.sql} AS orders FROM stores e ${where})
    SELECT COALESCE(SUM(orders), 0) FROM totals`;
  return prepare(sql)
    .pluck()
    .get({
      ...orders.params,
      ...(stores ? { ids: JSON.stringify(stores) } : {}),
      ...weights(
        CATEGORY_CHANNELS,
        (pair) => selects(r.categories, pair.category) && selects(r.channelList, pair.channel),
      ),
    }) as number;
}

/** Orders of `products` in the range at `stores` with a passing channel: the covering product index. */
function indexCount(
  prepare: Prepare,
  r: Resolved,
  products: readonly number[],
  stores: readonly number[] | null,
): number {
  if (products.length === 0 || (stores && stores.length === 0)) return 0;
  const terms = [inJson("o.product_id", "products"), "o.day BETWEEN @from AND @to"];
  const params: Bindings = { products: JSON.stringify(products), from: r.from, to: r.to };
  if (stores) {
    terms.push(inJson("o.store_id", "stores"));
    params.stores = JSON.stringify(stores);
  }
  if (r.channels) {
    terms.push(inJson("o.channel", "channels"));
    params.channels = JSON.stringify(r.channels);
  }
  return prepare(`SELECT COUNT(*) FROM orders o INDEXED BY orders_product_day WHERE ${terms.join(" AND ")}`)
    .pluck()
    .get(params) as number;
}

/**
 * The number of matching orders without scanning them: the store rollups answer the Overview's
 * filters; a picked product or a text search counts over the product index restricted to the
 * matching ids (a search over many products counts the complement instead).
 */
export function countMatching(prepare: Prepare, r: Resolved): number {
  if (!r.search)
    return r.productsByCategory
      ? rollupCount(prepare, r, r.stores)
      : indexCount(prepare, r, r.products ?? [], r.stores);
  // Rows at a matching store, plus rows of a matching product at the other stores.
  const storeSet = r.stores ?? r.allStores;
  const searchStores = new Set(r.search.stores);
  const viaStore = storeSet.filter((id) => searchStores.has(id));
  const others = storeSet.filter((id) => !searchStores.has(id));
  const allowed = r.products ?? r.allProducts;
  const searchProducts = new Set(r.search.products);
  const matched = allowed.filter((id) => searchProducts.has(id));
  const unmatched = allowed.filter((id) => !searchProducts.has(id));
  const atStores = r.productsByCategory
    ? rollupCount(prepare, r, viaStore)
    : indexCount(prepare, r, allowed, viaStore);
  // Through the product index, whichever of the matched and unmatched products is smaller.
  if (matched.length <= unmatched.length || !r.productsByCategory)
    return atStores + indexCount(prepare, r, matched, others);
  return atStores + rollupCount(prepare, r, others) - indexCount(prepare, r, unmatched, others);
}

/** Orders in [from, to] whatever the other filters: the size of what a walk may have to pass. */
function ordersBetween(prepare: Prepare, r: Resolved, from: string, to: string): number {
  return rollupCount(prepare, { ...r, from, to, categories: CATEGORIES, channelList: CHANNELS }, null);
}

/** Each product's lowest and highest value of a value sort's leading key. */
export type Bands = ReadonlyMap<number, readonly [number, number]>;
const bandsCache = new Map<SortColumn, { at: number; bands: Bands }>();
// Bands only steer the plan choice (every plan returns the same rows), so a stale one costs speed,
// never correctness. Reading them is two seeks per product in its (product_id, value) index:
// ~0.7 ms with the pages cached, 12-50 ms cold at 1M orders, hence kept for a while.
const BANDS_TTL_MS = 5 * 60_000;

function productBands(prepare: Prepare, sort: SortColumn, key: string, index: string): Bands {
  const cached = bandsCache.get(sort);
  if (cached && Date.now() - cached.at < BANDS_TTL_MS) return cached.bands;
  const end = (dir: "ASC" | "DESC") =>
    `(SELECT ${key} FROM orders o INDEXED BY ${index} WHERE o.product_id = e.id ORDER BY ${key} ${dir} LIMIT 1)`;
  const rows = prepare(`SELECT e.id, ${end("ASC")} AS lo, ${end("DESC")} AS hi FROM products e`).all() as {
    id: number;
    lo: number | null;
    hi: number | null;
  }[];
  const bands = new Map<number, readonly [number, number]>();
  for (const { id, lo, hi } of rows) if (lo !== null && hi !== null) bands.set(id, [lo, hi]);
  bandsCache.set(sort, { at: Date.now(), bands });
  return bands;
}

/** Where a page's walk starts: its direction through the index and the cursor's leading key. */
export interface WalkStart {
  descending: boolean;
  key: KeyValue | null;
}

/**
 * Index entries of unselected products that a value-index walk from `start` passes before it
 * reaches the band of any selected product, assuming each product holds an equal share of the
 * orders spread evenly over its band. Electronics by cost ascending passes every cheaper product
 * first (~700k entries at 1M orders); five categories including the cheapest pass almost none.
 */
export function entriesBeforeBand(
  bands: Bands,
  selected: readonly number[],
  start: WalkStart,
  all: number,
): number {
  const keep = new Set(selected);
  // In walk order: negated values turn a descending walk into an ascending one.
  const inWalkOrder = ([lo, hi]: readonly [number, number]) =>
    start.descending ? ([-hi, -lo] as const) : ([lo, hi] as const);
  const from = start.key === null ? -Infinity : (start.descending ? -1 : 1) * Number(start.key);
  let reach = Infinity;
  for (const [id, band] of bands) {
    if (!keep.has(id)) continue;
    const [lo, hi] = inWalkOrder(band);
    if (hi >= from) reach = Math.min(reach, Math.max(lo, from));
  }
  const perProduct = all / Math.max(1, bands.size);
  let passed = 0;
  for (const [id, band] of bands) {
    if (keep.has(id)) continue;
    const [lo, hi] = inWalkOrder(band);
    const overlap = Math.min(hi, reach) - Math.max(lo, from);
    if (overlap < 0 || (overlap === 0 && hi > lo)) continue;
    passed += perProduct * (hi > lo ? Math.min(1, overlap / (hi - lo)) : 1);
  }
  return passed;
}

/**
 * How a listing reads its rows: an index walk in sort order, a merge of per-product walks, or the
 * filter-driven read and sort.
 */
export type ReadPlan = { kind: "walk" } | { kind: "merge" } | { kind: "filter"; index: string };

// Rough costs in microseconds, measured here at 1M orders: one index entry checked against the
// filters, one row read from the table (with its store and product, and sorted in the filter
// plan), one statement run (a segment), one index key sorted (a filter plan whose index covers
// the sort). A row costs ~1.5 µs with its page cached but 20-40 µs on a first visit (a filter plan
// reading 1,327 rows of one store: 50 ms CPU cold, 2.5 ms warm, where the walk read 26); 4 keeps
// such plans for when they read far fewer entries. A product's walk in a merge reads and sorts at
// least the whole group of its orders tied on the first value it meets (the index orders ties by
// day, the sort by id; ~134 entries per (product, revenue) at 1M orders): 75-110 µs a statement.
// Over every plan of the bench's 200 random states (warm) the plans chosen take 149 ms in all,
// the best of each 146 ms.
const ENTRY_US = 0.15;
const ROW_US = 4;
const STATEMENT_US = 5;
const MERGE_PRODUCT_US = 100;
const SORTED_US = 0.3;
const BAND_UNDERCOUNT = 3;

/** What a plan is chosen for. */
export interface Listing {
  sort: SortColumn;
  /** Rows matching the filters. */
  count: number;
  /** Rows the reader needs: a page (and one more), or every match for an export. */
  wanted: number;
  /** Pages only: an export reads everything anyway. */
  allowMerge: boolean;
  /** Where a page's walk starts (its cursor), when known. */
  start?: WalkStart;
}

/**
 * Picks the cheapest plan by estimated cost. A walk passes about `wanted * scope / count` entries
 * when the matches are spread through the walked index; a value sort with a product filter can
 * instead meet other products' price bands first (estimated from `start`, the worst case without
 * it), which a merge of per-product walks avoids at a fixed cost per product. The filter plan
 * reads what its index selects plus every match, which it sorts.
 */
export function choosePlan(prepare: Prepare, r: Resolved, listing: Listing): ReadPlan {
  if (listing.count === 0) return { kind: "walk" };
  const cost = (work: PlanWork) =>
    work.entries * ENTRY_US +
    work.rows * ROW_US +
    work.statements * STATEMENT_US +
    work.mergeProducts * MERGE_PRODUCT_US +
    work.sorted * SORTED_US;
  return planWork(prepare, r, listing).reduce((a, b) => (cost(b) < cost(a) ? b : a)).plan;
}

/** What a plan reads: index entries, table rows, statements, merged products, sorted index keys. */
export interface PlanWork {
  plan: ReadPlan;
  entries: number;
  rows: number;
  statements: number;
  mergeProducts: number;
  sorted: number;
}

/** Every plan that can serve the listing, with the work each is estimated to do. */
export function planWork(prepare: Prepare, r: Resolved, listing: Listing): PlanWork[] {
  const { sort, count, wanted, allowMerge, start } = listing;
  const plan = SORTS[sort];
  const inRange = ordersBetween(prepare, r, r.from, r.to);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  const storeShare = r.stores ? share(r.stores.length, r.allStores.length) : 1;
  const productShare = r.products ? share(r.products.length, r.allProducts.length) : 1;
  const take = Math.min(wanted, count);
  const none = { entries: 0, rows: 0, statements: 0, mergeProducts: 0, sorted: 0 };
  const options: PlanWork[] = [];

  if (plan.kind === "value") {
    // The value indexes do not start with day: the walk passes other days' entries too.
    const all = ordersBetween(prepare, r, "1900-01-01", "2999-12-31");
    let entries = (take * all) / count;
    // Every product sells on every day: only the price sorts meet bands.
    if (r.products && plan.productIndex) {
      const bands = (): Bands => productBands(prepare, sort, plan.keys[0]!, plan.productIndex!);
      // Orders crowd the low end of a band (small quantities), so past the selected bands' far
      // edge matches stay sparse for a while: the even spread this assumes undercounts a
      // descending walk ~3x (four cheap categories by cost, last page: 68k entries estimated,
      // 37 ms measured where the merge took 25 ms).
      entries += start
        ? BAND_UNDERCOUNT * entriesBeforeBand(bands(), r.products, start, all)
        : all * (1 - productShare);
    }
    options.push({ ...none, plan: { kind: "walk" }, entries, rows: take });
    if (allowMerge && plan.productIndex && r.products && !r.search) {
      // Each product's walk passes 1 / density entries per match it finds and one more match.
      const perMatch = (all * productShare) / count;
      options.push({
        ...none,
        plan: { kind: "merge" },
        entries: (take + r.products.length) * perMatch,
        rows: take,
        mergeProducts: r.products.length,
      });
    }
  } else {
    let scope = inRange;
    if (plan.column === "store") scope *= storeShare;
    if (plan.column === "product") scope *= productShare;
    const segments =
      plan.column === "store" ? r.allStores.length : plan.column === "product" ? r.allProducts.length : 10;
    options.push({
      ...none,
      plan: { kind: "walk" },
      entries: (take * scope) / count,
      rows: take,
      statements: segments,
    });
  }

  if (count <= FILTER_PLAN_MAX) {
    // orders_day carries no filter column: each of its entries costs a table read.
    options.push({ ...none, plan: { kind: "filter", index: "orders_day" }, rows: inRange + count });
    const drivers: { index: string; entries: number }[] = [];
    if (r.stores) drivers.push({ index: "orders_store_day", entries: inRange * storeShare });
    if (r.products) drivers.push({ index: "orders_product_day", entries: inRange * productShare });
    for (const { index, entries } of drivers)
      options.push({
        ...none,
        plan: { kind: "filter", index },
        entries,
        ...(coversSort(index, sort) ? { sorted: count, rows: take } : { rows: count }),
      });
  }
  return options;
}

type KeyValue = string | number;

/** The sort key of order `id` (its values for the sort's key columns), or null if it is gone. */
export function cursorKey(prepare: Prepare, sort: SortColumn, id: number): KeyValue[] | null {
  const keys = SORTS[sort].keys;
  const row = prepare(`SELECT ${keys.join(", ")} FROM orders o ${JOINS} WHERE o.id = ?`)
    .raw()
    .get(id) as KeyValue[] | undefined;
  return row ?? null;
}

/** `keys` after (or before) `values` in the walk's direction; the leading term lets an index seek. */
function keysetTerm(keys: readonly string[], descending: boolean, prefix: string): string {
  const op = descending ? "<" : ">";
  const names = keys.map((_, i) => `@${prefix}${i}`);
  return `${keys[0]} ${op}= ${names[0]} AND (${keys.join(", ")}) ${op} (${names.join(", ")})`;
}

const keyParams = (values: readonly KeyValue[], prefix: string): Bindings =>
  Object.fromEntries(values.map((value, i) => [`${prefix}${i}`, value]));

const orderBy = (keys: readonly string[], descending: boolean) =>
  keys.map((key) => `${key} ${descending ? "DESC" : "ASC"}`).join(", ");

export interface WalkOptions {
  sort: SortColumn;
  /** The sort direction the user chose. */
  dir: "asc" | "desc";
  /** Walk towards the start (the rows before the cursor, nearest first). */
  backward: boolean;
  /** Sort key of the row to start after (exclusive); null starts at the end the walk begins from. */
  cursor: KeyValue[] | null;
  /** At most this many rows; null for all. */
  limit: number | null;
  plan: ReadPlan;
}

/**
 * The matching rows in walk order, lazily: a page takes a few and stops, the export takes them
 * all in constant memory. Statements are iterated one at a time, so the caller may not use the
 * connection for anything else until it stops (an open iterator keeps the connection busy).
 */
export function* walkRows(prepare: Prepare, r: Resolved, options: WalkOptions): Generator<DetailsRow> {
  const plan = SORTS[options.sort];
  const descending = (options.dir === "desc") !== options.backward;
  const limit = options.limit ?? -1;
  if (options.plan.kind !== "walk" || plan.kind === "value") {
    const { terms, params } = filterTerms(r);
    if (options.cursor) {
      terms.push(keysetTerm(plan.keys, descending, "k"));
      Object.assign(params, keyParams(options.cursor, "k"));
    }
    const index = options.plan.kind === "filter" ? options.plan.index : (plan as ValueSort).index;
    const where = `WHERE ${terms.join(" AND ")} ORDER BY ${orderBy(plan.keys, descending)} LIMIT @limit`;
    // SQLite sorts whole rows: with an index that holds the filter and sort columns, sort the ids
    // from the index alone and read only the page's rows from the table.
    const sql =
      options.plan.kind === "filter" && options.limit !== null && coversSort(options.plan.index, options.sort)
        ? `SELECT ${ROW_COLUMNS} FROM orders o ${JOINS}
            WHERE o.id IN (SELECT o.id FROM orders o INDEXED BY ${index} ${JOINS} ${where})
            ORDER BY ${orderBy(plan.keys, descending)}`
        : `SELECT ${ROW_COLUMNS} FROM orders o INDEXED BY ${index} ${JOINS} ${where}`;
    yield* prepare(sql).iterate({ ...params, limit }) as IterableIterator<DetailsRow>;
    return;
  }

  // Segment walk: the segments in sort order, then each one's orders by (day, id).
  const { column, index } = SEGMENT_COLUMNS[plan.column];
  const allowedList =
    plan.column === "store"
      ? r.stores
      : plan.column === "product"
        ? r.products
        : plan.column === "channel"
          ? r.channels
          : null;
  const allowed = allowedList ? new Set<KeyValue>(allowedList) : null;
  let segments = prepare(plan.segments).pluck().all() as KeyValue[];
  if (descending) segments.reverse();
  // The cursor's segment is the key just before (day, id).
  const cursorSegment = options.cursor ? options.cursor[options.cursor.length - 3]! : null;
  if (cursorSegment !== null) {
    const at = segments.indexOf(cursorSegment);
    segments = at < 0 ? [] : segments.slice(at);
  }
  const { terms, params } = filterTerms(r, plan.column);
  const dayKeys = ["o.day", "o.id"];
  const base = `SELECT ${ROW_COLUMNS} FROM orders o INDEXED BY ${index} ${JOINS}
    WHERE ${column} = @segment AND ${terms.join(" AND ")}`;
  const tail = `ORDER BY ${orderBy(dayKeys, descending)} LIMIT @limit`;
  let left = limit;
  for (const segment of segments) {
    if (allowed && !allowed.has(segment)) continue;
    const first = segment === cursorSegment && options.cursor;
    const sql = first ? `${base} AND ${keysetTerm(dayKeys, descending, "k")} ${tail}` : `${base} ${tail}`;
    const bindings = first ? { ...params, ...keyParams(options.cursor!.slice(-2), "k") } : params;
    for (const row of prepare(sql).iterate({
      ...bindings,
      segment,
      limit: left,
    }) as IterableIterator<DetailsRow>) {
      yield row;
      if (left > 0 && --left === 0) return;
    }
  }
}

const compareKeys = (a: readonly KeyValue[], b: readonly KeyValue[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
};

/**
 * A page of a value sort with a product filter: each selected product's (product_id, value ...)
 * index is walked on its own and the walks merged, reading more from a product only while its
 * last key is still ahead of the page's current last key (batches doubling). Reads about
 * (page + products) entries divided by the share of entries that pass the other filters, whatever
 * the price bands of other products; then the page's rows by id.
 */
function mergeRows(prepare: Prepare, r: Resolved, options: WalkOptions & { limit: number }): DetailsRow[] {
  const plan = SORTS[options.sort] as ValueSort;
  const descending = (options.dir === "desc") !== options.backward;
  const limit = options.limit;
  const products = r.products ?? [];
  if (limit <= 0 || products.length === 0) return [];
  const { terms, params } = filterTerms(r, "product");
  const keysOf = (after: boolean) =>
    prepare(`SELECT ${plan.keys.join(", ")} FROM orders o INDEXED BY ${plan.productIndex}
      WHERE o.product_id = @segment AND ${[...terms, ...(after ? [keysetTerm(plan.keys, descending, "k")] : [])].join(" AND ")}
      ORDER BY ${orderBy(plan.keys, descending)} LIMIT @limit`).raw();
  const compare = (a: readonly KeyValue[], b: readonly KeyValue[]) =>
    descending ? -compareKeys(a, b) : compareKeys(a, b);
  const firstBatch = Math.max(2, Math.ceil((2 * limit) / products.length));
  const streams = products.map((segment) => ({
    segment,
    last: options.cursor,
    batch: firstBatch,
    done: false,
  }));
  let best: KeyValue[][] = [];
  let pending = streams;
  while (pending.length > 0) {
    for (const stream of pending) {
      const keys = keysOf(stream.last !== null).all({
        ...params,
        ...(stream.last ? keyParams(stream.last, "k") : {}),
        segment: stream.segment,
        limit: stream.batch,
      }) as KeyValue[][];
      best.push(...keys);
      if (keys.length < stream.batch) stream.done = true;
      if (keys.length) stream.last = keys[keys.length - 1]!;
      stream.batch *= 2;
    }
    best.sort(compare);
    best = best.slice(0, limit);
    const threshold = best.length >= limit ? best[limit - 1]! : null;
    // A product whose last key is past the page's last key cannot add to the page.
    pending = streams.filter((s) => !s.done && (threshold === null || compare(s.last!, threshold) < 0));
  }
  const ids = best.map((key) => key[key.length - 1] as number);
  const rows = prepare(
    `SELECT ${ROW_COLUMNS} FROM orders o ${JOINS} WHERE o.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as DetailsRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

/** Up to `options.limit` rows in walk order, by the chosen plan. */
export function readRows(
  prepare: Prepare,
  r: Resolved,
  options: WalkOptions & { limit: number },
): DetailsRow[] {
  if (options.plan.kind === "merge") return mergeRows(prepare, r, options);
  const rows: DetailsRow[] = [];
  if (options.limit <= 0) return rows;
  for (const row of walkRows(prepare, r, options)) {
    rows.push(row);
    if (rows.length >= options.limit) break;
  }
  return rows;
}
