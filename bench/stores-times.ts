// Child process of bench/run.ts (or run alone: `DATABASE_PATH=... npx tsx --conditions=react-server
// bench/stores-times.ts`): times the Stores page's store panel, uncached, for random stores and
// filter states against the database named by DATABASE_PATH, and prints one JSON object
// (StoresTimes) on the last line of stdout. Target: p95 < 50 ms at 1M orders.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { statement } from "../lib/db";
import { computeStorePanel, getStore, type StoreInfo } from "../lib/data/stores";
import { addDays, daysInRange } from "../lib/dates";
import {
  normalizeFilters,
  overviewFiltersSchema,
  wholeDemoPeriod,
  type OverviewFilters,
} from "../lib/overview/filters";
import { CATEGORIES, CHANNELS, DEMO_FIRST_DAY, DEMO_LAST_DAY, GRANULARITIES } from "../lib/retail";
import { pick, randomSubset, seededRandom, summarize, type Summary } from "./stats";

export interface StoresTimes {
  orders: number;
  /** Uncached panels, random store and filters (regions left open so every panel has figures). */
  uncached: Summary;
  /** CPU time of the same calls: what a panel costs when the machine is shared (load below). */
  uncachedCpu: Summary;
  /** 1-minute load average at the start and the end. */
  load: [number, number];
  /** Uncached panels over the whole five years, the most orders a panel reads. */
  wholeRange: Summary;
  /** Bytes of the panel's JSON for the default view of a store. */
  payloadBytes: number;
}

const TOTAL_DAYS = daysInRange(DEMO_FIRST_DAY, DEMO_LAST_DAY);

function randomFilters(random: () => number): OverviewFilters {
  const days = 1 + Math.floor(random() * TOTAL_DAYS);
  const from = addDays(DEMO_FIRST_DAY, Math.floor(random() * (TOTAL_DAYS - days + 1)));
  return normalizeFilters(
    overviewFiltersSchema.parse({
      regions: [],
      categories: randomSubset(random, CATEGORIES),
      channels: randomSubset(random, CHANNELS),
      from,
      to: addDays(from, days - 1),
      granularity: pick(random, GRANULARITIES),
    }),
  );
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Wall and CPU milliseconds of one call. */
function timeBoth(run: () => unknown): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const wall = time(run);
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  const samples = Number(process.env.BENCH_STORE_SAMPLES ?? 300);
  const loadBefore = os.loadavg()[0]!;
  const orders = (statement("SELECT COUNT(*) AS n FROM orders").get() as { n: number }).n;
  const ids = (statement("SELECT id FROM stores ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  const stores = new Map<number, StoreInfo>();
  for (const id of ids) stores.set(id, (await getStore(id))!);
  const storeAt = (random: () => number) => stores.get(pick(random, ids))!;

  const warm = seededRandom(7);
  for (let i = 0; i < 30; i++) computeStorePanel(storeAt(warm), randomFilters(warm));

  const random = seededRandom(20251231);
  const uncached = Array.from({ length: samples }, () => {
    const store = storeAt(random);
    const filters = randomFilters(random);
    return timeBoth(() => computeStorePanel(store, filters));
  });
  const all = normalizeFilters(wholeDemoPeriod("month"));
  const wholeRange = ids.map((id) => time(() => computeStorePanel(stores.get(id)!, all)));
  const lastYear = { ...all, from: addDays(DEMO_LAST_DAY, -364), granularity: "week" as const };
  const payloadBytes = Buffer.byteLength(JSON.stringify(computeStorePanel(stores.get(ids[0]!)!, lastYear)));

  const result: StoresTimes = {
    orders,
    uncached: summarize(uncached.map((t) => t.wall)),
    uncachedCpu: summarize(uncached.map((t) => t.cpu)),
    load: [loadBefore, os.loadavg()[0]!],
    wholeRange: summarize(wholeRange),
    payloadBytes,
  };
  const ms = (s: Summary) =>
    `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms`;
  console.error(
    `store panel, ${orders.toLocaleString("en-US")} orders, uncached (n=${samples}): ${ms(result.uncached)}`,
  );
  console.error(`store panel CPU time (n=${samples}): ${ms(result.uncachedCpu)}`);
  console.error(`load average ${result.load.map((l) => l.toFixed(1)).join(" -> ")}`);
  console.error(`store panel, whole five years (n=${ids.length}): ${ms(result.wholeRange)}`);
  console.error(`store panel payload (one year, weekly): ${payloadBytes} bytes`);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
