import type Database from "better-sqlite3";
import { CATEGORIES, CHANNELS, DEMO_FIRST_DAY, DEMO_LAST_DAY, type Category } from "../lib/retail";
import { DEMO_STORES } from "./demo-stores";
import { createRandom } from "./random";
import { createDemoRollups } from "./demo-rollups";

export { createRandom };

export const DEMO_SEED = 42;

const PRODUCT_NOUNS: Record<Category, readonly string[]> = {
  Electronics: [
    "Headphones",
    "Speaker",
    "Monitor",
    "Keyboard",
    "Router",
    "Webcam",
    "Tablet",
    "Charger",
    "Smartwatch",
    "Drone",
  ],
  "Home & Kitchen": [
    "Blender",
    "Kettle",
    "Cookware Set",
    "Knife Block",
    "Coffee Maker",
    "Toaster",
    "Lamp",
    "Rug",
    "Air Fryer",
    "Duvet",
  ],
  Clothing: [
    "Jacket",
    "Jeans",
    "Sneakers",
    "Hoodie",
    "T-Shirt",
    "Dress",
    "Boots",
    "Scarf",
    "Raincoat",
    "Sweater",
  ],
  "Sports & Outdoors": [
    "Tent",
    "Yoga Mat",
    "Backpack",
    "Bike Helmet",
    "Dumbbells",
    "Kayak Paddle",
    "Sleeping Bag",
    "Running Vest",
    "Water Bottle",
    "Trekking Poles",
  ],
  Beauty: [
    "Moisturizer",
    "Serum",
    "Shampoo",
    "Lipstick",
    "Sunscreen",
    "Perfume",
    "Face Mask",
    "Hair Dryer",
    "Nail Kit",
    "Cleanser",
  ],
  "Toys & Games": [
    "Puzzle",
    "Board Game",
    "Building Set",
    "Plush Bear",
    "RC Car",
    "Card Game",
    "Doll House",
    "Science Kit",
    "Train Set",
    "Kite",
  ],
  Grocery: [
    "Coffee Beans",
    "Olive Oil",
    "Green Tea",
    "Granola",
    "Pasta",
    "Dark Chocolate",
    "Honey",
    "Spice Set",
    "Rice",
    "Almonds",
  ],
  Books: [
    "Cookbook",
    "Novel",
    "Atlas",
    "Biography",
    "Field Guide",
    "Poetry Collection",
    "Travel Guide",
    "Comic Volume",
    "Science Primer",
    "History Survey",
  ],
};
const PRODUCT_STYLES = ["Classic", "Pro", "Essential"] as const;

// Typical price band and cost ratio per category, so margins differ realistically by mix.
const CATEGORY_ECONOMICS: Record<Category, { minPrice: number; maxPrice: number; costRatio: number }> = {
  Electronics: { minPrice: 25, maxPrice: 600, costRatio: 0.72 },
  "Home & Kitchen": { minPrice: 15, maxPrice: 250, costRatio: 0.58 },
  Clothing: { minPrice: 12, maxPrice: 180, costRatio: 0.45 },
  "Sports & Outdoors": { minPrice: 10, maxPrice: 350, costRatio: 0.55 },
  Beauty: { minPrice: 6, maxPrice: 90, costRatio: 0.4 },
  "Toys & Games": { minPrice: 8, maxPrice: 120, costRatio: 0.5 },
  Grocery: { minPrice: 3, maxPrice: 40, costRatio: 0.68 },
  Books: { minPrice: 8, maxPrice: 60, costRatio: 0.6 },
};

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Relative order volume of a day: mild growth, a December peak, a summer bump, busy weekends. */
function dayWeight(ms: number, startMs: number, random: () => number): number {
  const date = new Date(ms);
  const years = (ms - startMs) / (365.25 * DAY_MS);
  const dayOfYear = (ms - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  const trend = 1 + 0.09 * years;
  const yearly =
    1 +
    0.22 * Math.cos((2 * Math.PI * (dayOfYear - 355)) / 365.25) +
    0.08 * Math.cos((2 * Math.PI * (dayOfYear - 200)) / 182.6);
  const weekly = [1.22, 0.88, 0.92, 0.95, 1.0, 1.1, 1.3][date.getUTCDay()]!;
  const noise = 0.9 + 0.2 * random();
  return trend * yearly * weekly * noise;
}

/** Index into a cumulative weight table by binary search. */
function pick(cumulative: Float64Array, random: () => number): number {
  const target = random() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulate(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

const cents = (value: number) => Math.round(value * 100) / 100;

export interface GenerateOptions {
  rows: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called as each phase ends (before the commit), for timing: bench/seed-phases.ts. */
  onPhase?: (phase: "orders" | "indexes" | "rollups") => void;
}

/**
 * Fills an empty, migrated database with the retail demo dataset in one transaction: a crash
 * half-way leaves the database empty (and regenerated on the next start), never half-filled.
 */
export function generateDemoData(db: Database.Database, options: GenerateOptions): void {
  const random = createRandom(options.seed ?? DEMO_SEED);
  const total = options.rows;

  const insertStore = db.prepare(
    "INSERT INTO stores (id, name, city, region, lat, lon) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const insertProduct = db.prepare(
    "INSERT INTO products (id, name, category, unit_price) VALUES (?, ?, ?, ?)",
  );
  const BATCH = 100;
  const placeholders = Array.from({ length: BATCH }, () => "(?, ?, ?, ?, ?, ?, ?)").join(", ");
  const insertBatch = db.prepare(
    `INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost) VALUES ${placeholders}`,
  );
  const insertOne = db.prepare(
    "INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );

  // The orders' secondary indexes (a dozen, for the Details sorts) are dropped for the bulk insert
  // and built again after it: inserting in day order into indexes keyed by price or product made
  // every row a random b-tree write, and seeding 1M orders took minutes instead of seconds.
  const orderIndexes = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL",
    )
    .all()
    .map((row) => row.sql);

  db.transaction(() => {
    db.prepare("UPDATE rollup_control SET deferred = 1 WHERE id = 1").run();
    for (const name of db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL",
      )
      .all())
      db.exec(`DROP INDEX "${name.name.replaceAll('"', '""')}"`);

    const storeWeights: number[] = [];
    DEMO_STORES.forEach((store, i) => {
      const name = `Chartroom ${store.city.split(",")[0]}`;
      insertStore.run(i + 1, name, store.city, store.region, store.lat, store.lon);
      storeWeights.push(0.5 + 1.5 * random());
    });

    const products: { id: number; category: Category; price: number; costRatio: number }[] = [];
    const productWeights: number[] = [];
    for (const category of CATEGORIES) {
      const economics = CATEGORY_ECONOMICS[category];
      for (const style of PRODUCT_STYLES) {
        for (const noun of PRODUCT_NOUNS[category]) {
          const id = products.length + 1;
          const price = cents(economics.minPrice + (economics.maxPrice - economics.minPrice) * random() ** 2);
          insertProduct.run(id, `${style} ${noun}`, category, price);
          products.push({ id, category, price, costRatio: economics.costRatio });
          // Long-tailed popularity: a few products sell far more than the rest.
          productWeights.push(Math.exp(1.4 * (random() + random() + random() - 1.5)));
        }
      }
    }

    const startMs = Date.parse(`${DEMO_FIRST_DAY}T00:00:00Z`);
    const endMs = Date.parse(`${DEMO_LAST_DAY}T00:00:00Z`);
    const dayCount = Math.round((endMs - startMs) / DAY_MS) + 1;
    const dayCumulative = cumulate(
      Array.from({ length: dayCount }, (_, d) => dayWeight(startMs + d * DAY_MS, startMs, random)),
    );
    const rollups = createDemoRollups({
      days: Array.from({ length: dayCount }, (_, d) => isoDay(startMs + d * DAY_MS)),
      storeRegions: DEMO_STORES.map((store) => store.region),
      productCategories: products.map((product) => product.category),
    });
    const storeCumulative = cumulate(storeWeights);
    const productCumulative = cumulate(productWeights);
    const totalWeight = dayCumulative[dayCount - 1]!;

    const buffer: (string | number)[] = [];
    let done = 0;
    let emitted = 0;
    const flush = (force: boolean) => {
      while (buffer.length >= BATCH * 7) insertBatch.run(buffer.splice(0, BATCH * 7));
      if (force) {
        for (let i = 0; i < buffer.length; i += 7) insertOne.run(buffer.slice(i, i + 7));
        buffer.length = 0;
      }
    };

    for (let d = 0; d < dayCount; d++) {
      // Cumulative rounding: every day gets its share and the total is exactly `rows`.
      const target = Math.round((total * dayCumulative[d]!) / totalWeight);
      const count = target - emitted;
      emitted = target;
      const ms = startMs + d * DAY_MS;
      const day = isoDay(ms);
      const yearsIn = d / 365.25;
      // Online grows from 38% to 52% of orders over the five years; Partner stays near 14%.
      const onlineShare = 0.38 + 0.028 * yearsIn;
      for (let i = 0; i < count; i++) {
        const store = pick(storeCumulative, random) + 1;
        const product = products[pick(productCumulative, random)]!;
        const r = random();
        const channel = r < onlineShare ? 0 : r < 0.86 ? 1 : 2;
        let quantity = 1;
        while (quantity < 12 && random() < (product.category === "Grocery" ? 0.55 : 0.3)) quantity++;
        const gross = quantity * product.price;
        const discount = random() < 0.25 ? [0.05, 0.1, 0.15, 0.2][Math.floor(random() * 4)]! : 0;
        const revenue = cents(gross * (1 - discount));
        const cost = cents(gross * product.costRatio * (0.94 + 0.12 * random()));
        buffer.push(day, store, product.id, CHANNELS[channel], quantity, revenue, cost);
        // The cents the rollups store: CAST(ROUND(x * 100) AS INTEGER) of the same doubles.
        rollups.add(d, store, product.id, channel, Math.round(revenue * 100), Math.round(cost * 100));
        done++;
      }
      if (buffer.length >= BATCH * 7 * 50 || d === dayCount - 1) {
        flush(d === dayCount - 1);
        options.onProgress?.(done, total);
      }
    }

    options.onPhase?.("orders");

    // Index builds sort a million keys each. SQLite's sorter sorts runs of cache_size bytes and
    // merges them, on helper threads when allowed: small runs on both cores beat one big in-memory
    // sort (11 builds at 1M orders: 22.2 s with a 256 MB cache, 12.4 s with 1 MB on one thread,
    // 7-9 s with 1 MB on two; bench/seed-phases.ts).
    const { cache_size: cacheSize } = db.prepare("PRAGMA cache_size").get() as { cache_size: number };
    db.pragma("cache_size = -1000");
    db.pragma("threads = 2");
    for (const sql of orderIndexes) db.exec(sql);
    db.pragma(`cache_size = ${Number(cacheSize)}`);
    db.pragma("threads = 0");
    options.onPhase?.("indexes");
    rollups.write(db);
    db.prepare("UPDATE rollup_control SET deferred = 0 WHERE id = 1").run();
    options.onPhase?.("rollups");
  })();
}

/**
 * generateDemoData for the first seed of a database, written through a rollback journal rather
 * than the WAL: the WAL held every new page (~250 MB at 1M orders) until a checkpoint copied it
 * into the database, writing it twice, while a rollback journal keeps only the pages the
 * transaction changes, and pages it adds past the end of the file need no copy at all ("Demo data
 * ready" at 1M orders: 18.9 s -> 12.8 s). Still all or nothing: a crash leaves a hot journal that
 * the next connection rolls back. SQLite keeps WAL mode if another connection has the file open,
 * and the database is back in WAL mode afterwards either way.
 */
export function seedDemoData(db: Database.Database, options: GenerateOptions): void {
  db.pragma("journal_mode = DELETE");
  try {
    generateDemoData(db, options);
  } finally {
    db.pragma("journal_mode = WAL");
  }
  // The query planner's statistics for the new indexes (sampled: a fraction of a second).
  db.pragma("analysis_limit = 1000");
  db.exec("ANALYZE");
}

/** True when the retail tables hold no data yet (a fresh or emptied database). */
export function isRetailEmpty(db: Database.Database): boolean {
  return !db.prepare("SELECT 1 FROM stores LIMIT 1").get();
}
