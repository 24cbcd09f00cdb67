import "server-only";
import type Database from "better-sqlite3";
import { CHANNELS } from "../retail";

const DAY_MS = 86_400_000;
/** How often the simulator writes: one small transaction per tick, never a long one. */
export const TICK_MS = 1_000;

export interface LiveWriter {
  /**
   * Inserts the orders due between `fromMs` (exclusive) and `toMs` (inclusive) at the writer's rate,
   * with insert times spread over that interval (its last second at most), and deletes live orders older than a day, all in
   * one transaction. Returns how many orders were inserted.
   */
  tick(fromMs: number, toMs: number): number;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The live feed's writer over `db`. The rate is kept exactly on average: the fraction of an order
 * not yet due is carried to the next tick, so 0.5 orders/s writes one order every other second and
 * a late tick catches up instead of losing orders.
 */
export function createLiveWriter(
  db: Database.Database,
  ordersPerSecond: number,
  random: () => number = Math.random,
): LiveWriter {
  const stores = db.prepare("SELECT id FROM stores ORDER BY id").pluck().all() as number[];
  const products = db.prepare("SELECT id, unit_price AS price FROM products ORDER BY id").all() as {
    id: number;
    price: number;
  }[];
  const insert = db.prepare(
    `INSERT INTO live_orders (day, store_id, product_id, channel, quantity, revenue, cost, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const prune = db.prepare("DELETE FROM live_orders WHERE created_at < ?");
  const cents = (value: number) => Math.round(value * 100) / 100;
  let carry = 0;

  const write = db.transaction((count: number, fromMs: number, toMs: number) => {
    // Never stamped more than a second in the past, even after a late tick: the live stream
    // publishes a second 2 s after it ends and must never see it change afterwards.
    const spreadFrom = Math.max(fromMs, toMs - 1000);
    const times = Array.from({ length: count }, () => toMs - Math.floor(random() * (toMs - spreadFrom)));
    times.sort((a, b) => a - b);
    for (const createdAt of times) {
      const store = stores[Math.floor(random() * stores.length)]!;
      const product = products[Math.floor(random() * products.length)]!;
      const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!;
      const quantity = 1 + Math.floor(random() * 3);
      const revenue = cents(product.price * quantity * (1 - 0.2 * random()));
      const cost = cents(revenue * (0.45 + 0.3 * random()));
      insert.run(utcDay(createdAt), store, product.id, channel, quantity, revenue, cost, createdAt);
    }
    prune.run(toMs - DAY_MS);
  });

  return {
    tick(fromMs, toMs) {
      if (toMs <= fromMs || stores.length === 0 || products.length === 0) return 0;
      const due = carry + (ordersPerSecond * (toMs - fromMs)) / 1000;
      const count = Math.floor(due);
      carry = due - count;
      write(count, fromMs, toMs);
      return count;
    },
  };
}

const globalForFeed = globalThis as typeof globalThis & { chartroomLiveFeed?: NodeJS.Timeout };

/**
 * Starts the simulator in this process (once, whatever the number of bundles importing this
 * module). The timer is unref'd so it never keeps a stopping server alive; each tick is one
 * transaction of a few inserts (~0.1 ms at 5 orders/s), so it never blocks requests noticeably.
 */
export function startLiveFeed(db: Database.Database, ordersPerSecond: number): void {
  if (globalForFeed.chartroomLiveFeed) return;
  const writer = createLiveWriter(db, ordersPerSecond);
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    try {
      writer.tick(last, now);
      last = now;
    } catch (error) {
      // A busy database (another writer holding the lock past busy_timeout) skips one tick; the
      // carried interval is written by the next one.
      console.error("live feed: tick failed", error);
    }
  }, TICK_MS);
  timer.unref();
  globalForFeed.chartroomLiveFeed = timer;
}

/** Stops the simulator (server shutdown); a tick in progress has already committed or rolled back. */
export function stopLiveFeed(): void {
  clearInterval(globalForFeed.chartroomLiveFeed);
  globalForFeed.chartroomLiveFeed = undefined;
}
