// Child process of bench/run.ts: times the Overview query set against the database named by
// DATABASE_PATH (lib/env.ts reads it at import time, hence one process per database size) and
// prints one JSON object (QueryTimes) on the last line of stdout.
import { performance } from "node:perf_hooks";
import { computeOverview, getDataRange, getOverviewData, overviewCache } from "../lib/data/overview";
import { statement } from "../lib/db";
import { addDays, daysInRange, monthEnd } from "../lib/dates";
import {
  defaultDates,
  filtersKey,
  normalizeFilters,
  overviewFiltersSchema,
  parseOverviewQuery,
  type OverviewFilters,
} from "../lib/overview/filters";
import { CATEGORIES, CHANNELS, DEMO_FIRST_DAY, DEMO_LAST_DAY, GRANULARITIES, REGIONS } from "../lib/retail";
import { pick, randomSubset, seededRandom, summarize, type Summary } from "./stats";

export type RangeKind = "short" | "medium" | "multi-year" | "whole-months" | "whole-years" | "data-edge";

export interface QueryTimes {
  orders: number;
  uncached: Summary;
  uncachedByKind: Record<string, Summary>;
  uncachedByGranularity: Record<string, Summary>;
  slowest: { key: string; kind: RangeKind; ms: number }[];
  defaultView: { key: string; firstCallMs: number; repeated: Summary; payloadBytes: number };
  cached: Summary;
  /** getDataRange(): the page calls it on every request, outside the cache. */
  dataRange: Summary;
  warmup: number;
}

const RANGE_KINDS: readonly RangeKind[] = [
  "short",
  "medium",
  "multi-year",
  "whole-months",
  "whole-years",
  "data-edge",
];
const TOTAL_DAYS = daysInRange(DEMO_FIRST_DAY, DEMO_LAST_DAY);

function randomRange(random: () => number, kind: RangeKind): { from: string; to: string } {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const span = (days: number) => {
    const from = addDays(DEMO_FIRST_DAY, int(0, Math.max(0, TOTAL_DAYS - days)));
    return { from, to: addDays(from, days - 1) };
  };
  switch (kind) {
    case "short":
      return span(int(1, 31));
    case "medium":
      return span(int(32, 400));
    case "multi-year":
      return span(int(401, TOTAL_DAYS));
    case "whole-months": {
      const start = `${int(2021, 2025)}-${String(int(1, 12)).padStart(2, "0")}-01`;
      const to = monthEnd(addDays(start, 31 * (int(1, 18) - 1)));
      return { from: start, to: to > DEMO_LAST_DAY ? DEMO_LAST_DAY : to };
    }
    case "whole-years": {
      const first = int(2021, 2025);
      const last = Math.min(2025, first + int(0, 2));
      return { from: `${first}-01-01`, to: `${last}-12-31` };
    }
    case "data-edge":
      // Straddles the first or the last day with data, so part of the range (and the whole
      // previous period) has no orders.
      return random() < 0.5
        ? { from: addDays(DEMO_FIRST_DAY, -int(1, 200)), to: addDays(DEMO_FIRST_DAY, int(0, 200)) }
        : { from: addDays(DEMO_LAST_DAY, -int(0, 200)), to: addDays(DEMO_LAST_DAY, int(1, 200)) };
  }
}

/** What the server action would pass on: validated by the real schema, then normalized. */
function randomFilters(random: () => number): { filters: OverviewFilters; kind: RangeKind } {
  const kind = pick(random, RANGE_KINDS);
  const filters = overviewFiltersSchema.parse({
    regions: randomSubset(random, REGIONS),
    categories: randomSubset(random, CATEGORIES),
    channels: randomSubset(random, CHANNELS),
    ...randomRange(random, kind),
    granularity: pick(random, GRANULARITIES),
  });
  return { filters: normalizeFilters(filters), kind };
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function groupSummaries<K extends string>(samples: { group: K; ms: number }[]): Record<string, Summary> {
  const groups = new Map<K, number[]>();
  for (const { group, ms } of samples) groups.set(group, [...(groups.get(group) ?? []), ms]);
  return Object.fromEntries([...groups].map(([group, values]) => [group, summarize(values)]));
}

async function main(): Promise<void> {
  const combos = Number(process.env.BENCH_QUERY_COMBOS ?? 200);
  const cachedCalls = Number(process.env.BENCH_CACHED_CALLS ?? 2000);
  const warmup = Math.min(40, Math.ceil(combos / 5));
  const orders = (statement("SELECT COUNT(*) AS n FROM orders").get() as { n: number }).n;

  const range = await getDataRange();
  const defaults = defaultDates(range?.last ?? null, new Date().toISOString().slice(0, 10));
  const defaultFilters = parseOverviewQuery({}, defaults).filters;

  // The very first call pays for preparing statements: what the first visitor after a deploy sees.
  const firstCallMs = time(() => computeOverview(defaultFilters));

  // Warm-up draws come from a different seed, so the measured set still meets unprepared shapes.
  const warmRandom = seededRandom(7);
  for (let i = 0; i < warmup; i++) computeOverview(randomFilters(warmRandom).filters);

  const random = seededRandom(20251231);
  const samples: { key: string; kind: RangeKind; granularity: string; ms: number }[] = [];
  const draws = [
    { filters: defaultFilters, kind: "medium" as RangeKind },
    ...Array.from({ length: combos }, () => randomFilters(random)),
  ];
  for (const { filters, kind } of draws) {
    const ms = time(() => computeOverview(filters));
    samples.push({ key: filtersKey(filters), kind, granularity: filters.granularity, ms });
  }

  const repeated = Array.from({ length: 30 }, () => time(() => computeOverview(defaultFilters)));
  const payloadBytes = Buffer.byteLength(JSON.stringify(computeOverview(defaultFilters)));

  overviewCache.clear();
  await getOverviewData(defaultFilters);
  const cached: number[] = [];
  for (let i = 0; i < cachedCalls; i++) {
    const start = performance.now();
    await getOverviewData(defaultFilters);
    cached.push(performance.now() - start);
  }

  const dataRange: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await getDataRange();
    dataRange.push(performance.now() - start);
  }

  const result: QueryTimes = {
    orders,
    uncached: summarize(samples.map((s) => s.ms)),
    uncachedByKind: groupSummaries(samples.map((s) => ({ group: s.kind, ms: s.ms }))),
    uncachedByGranularity: groupSummaries(samples.map((s) => ({ group: s.granularity, ms: s.ms }))),
    slowest: [...samples]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map(({ key, kind, ms }) => ({ key, kind, ms })),
    defaultView: {
      key: filtersKey(defaultFilters),
      firstCallMs,
      repeated: summarize(repeated),
      payloadBytes,
    },
    cached: summarize(cached),
    dataRange: summarize(dataRange),
    warmup,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
