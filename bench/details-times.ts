// Child process of bench/run.ts (or run alone: DATABASE_PATH=... npx tsx --conditions=react-server
// bench/details-times.ts): times the Details table (lib/data/details.ts, uncached: count + one page)
// for every sort and direction at the first and last page and one step from each (next, prev),
// over the default period and over all data, then random filter states with text searches and
// picked products; and streams the full CSV export of all orders, timing it and sampling the
// process's RSS. Prints one JSON object (DetailsTimes) on the last line of stdout.
import { performance } from "node:perf_hooks";
import { computeDetailsPage } from "../lib/data/details";
import { exportDetailsCsv } from "../lib/data/details-export";
import { getDataRange } from "../lib/data/overview";
import { statement } from "../lib/db";
import {
  PAGE_SIZES,
  SORT_COLUMNS,
  SORT_DIRECTIONS,
  normalizeState,
  type DetailsState,
} from "../lib/details/state";
import { defaultDates, parseOverviewQuery } from "../lib/overview/filters";
import { CATEGORIES, CHANNELS, DEMO_FIRST_DAY, DEMO_LAST_DAY, REGIONS } from "../lib/retail";
import { pick, randomSubset, seededRandom, summarize, type Summary } from "./stats";

export interface DetailsTimes {
  orders: number;
  /** Per "sort dir" and step (first, next, last, prev): ms of one uncached page answer. */
  bySort: Record<string, Record<"first" | "next" | "last" | "prev", Summary>>;
  /** Every page answer of bySort together. */
  all: Summary;
  slowest: { what: string; ms: number }[];
  /** Random filters, searches, picked products, sorts and page sizes; first and last pages. */
  filtered: Summary;
  filteredSlowest: { what: string; ms: number }[];
  export: { rows: number; bytes: number; seconds: number; peakRssMiB: number; baseRssMiB: number } | null;
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

async function main(): Promise<void> {
  const reps = Number(process.env.BENCH_DETAILS_REPS ?? 7);
  const randomStates = Number(process.env.BENCH_DETAILS_RANDOM ?? 150);
  const skipExport = process.env.BENCH_DETAILS_EXPORT === "0";
  const orders = statement("SELECT COUNT(*) FROM orders").pluck().get() as number;
  const range = await getDataRange();
  const defaults = defaultDates(range?.last ?? null, new Date().toISOString().slice(0, 10));
  const periods = [
    { label: "default year", filters: parseOverviewQuery({}, defaults).filters },
    {
      label: "all data",
      filters: parseOverviewQuery({ from: DEMO_FIRST_DAY, to: DEMO_LAST_DAY }, defaults).filters,
    },
  ];
  const base = (filters: DetailsState["filters"]): DetailsState => ({
    filters,
    search: "",
    productId: null,
    sort: "day",
    dir: "desc",
    size: 25,
    position: { kind: "first" },
    page: 1,
  });

  const samples = new Map<string, Record<"first" | "next" | "last" | "prev", number[]>>();
  const all: { what: string; ms: number }[] = [];
  // Warm-up: prepare every statement shape once.
  for (const sort of SORT_COLUMNS)
    for (const dir of SORT_DIRECTIONS) computeDetailsPage({ ...base(periods[0]!.filters), sort, dir });

  for (let rep = 0; rep < reps; rep++)
    for (const { label, filters } of periods)
      for (const sort of SORT_COLUMNS)
        for (const dir of SORT_DIRECTIONS) {
          const key = `${sort} ${dir}`;
          const entry = samples.get(key) ?? { first: [], next: [], last: [], prev: [] };
          samples.set(key, entry);
          const state = { ...base(filters), sort, dir };
          const first = time(() => computeDetailsPage(state));
          const after = first.value.rows.at(-1)!.id;
          const next = time(() =>
            computeDetailsPage({ ...state, position: { kind: "after", id: after }, page: 2 }),
          );
          const last = time(() => computeDetailsPage({ ...state, position: { kind: "last" } }));
          const before = last.value.rows[0]!.id;
          const prev = time(() =>
            computeDetailsPage({
              ...state,
              position: { kind: "before", id: before },
              page: last.value.page - 1,
            }),
          );
          for (const [step, t] of [
            ["first", first],
            ["next", next],
            ["last", last],
            ["prev", prev],
          ] as const) {
            entry[step].push(t.ms);
            all.push({ what: `${label}, ${key}, ${step}`, ms: t.ms });
          }
        }

  const random = seededRandom(4242);
  const stores = statement("SELECT name FROM stores").pluck().all() as string[];
  const products = statement("SELECT id, name FROM products").all() as { id: number; name: string }[];
  const filtered: { what: string; ms: number }[] = [];
  for (let i = 0; i < randomStates; i++) {
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const fromOffset = int(0, 1700);
    const from = new Date(Date.parse(`${DEMO_FIRST_DAY}T00:00:00Z`) + fromOffset * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const to =
      random() < 0.3
        ? DEMO_LAST_DAY
        : new Date(Date.parse(`${from}T00:00:00Z`) + int(0, 800) * 86_400_000).toISOString().slice(0, 10);
    const searchKind = random();
    const search =
      searchKind < 0.15
        ? pick(random, stores).split(" ").pop()!.slice(0, int(3, 6))
        : searchKind < 0.3
          ? pick(random, products).name.split(" ")[int(0, 1)]!.slice(0, int(2, 8))
          : "";
    const state = normalizeState({
      filters: {
        regions: random() < 0.5 ? randomSubset(random, REGIONS) : [],
        categories: random() < 0.5 ? randomSubset(random, CATEGORIES) : [],
        channels: random() < 0.5 ? randomSubset(random, CHANNELS) : [],
        from,
        to: to > DEMO_LAST_DAY ? DEMO_LAST_DAY : to,
        granularity: "week",
      },
      search,
      productId: random() < 0.15 ? pick(random, products).id : null,
      sort: pick(random, SORT_COLUMNS),
      dir: pick(random, SORT_DIRECTIONS),
      size: pick(random, PAGE_SIZES),
      position: { kind: random() < 0.5 ? "first" : "last" },
      page: 1,
    });
    const t = time(() => computeDetailsPage(state));
    const f = state.filters;
    filtered.push({
      what: `${f.from}..${f.to} r=${f.regions.join("+")} c=${f.categories.join("+")} ch=${f.channels.join("+")} q=${state.search} product=${state.productId ?? ""} ${state.sort} ${state.dir} ${state.size} ${state.position.kind} (${t.value.count} rows)`,
      ms: t.ms,
    });
  }

  let exportResult: DetailsTimes["export"] = null;
  if (!skipExport) {
    const state = { ...base(periods[1]!.filters), sort: "day" as const, dir: "asc" as const };
    const baseRss = process.memoryUsage().rss;
    let peak = baseRss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const start = performance.now();
    const reader = exportDetailsCsv(state).getReader();
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) lines++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(sampler);
    exportResult = {
      rows: lines - 1,
      bytes,
      seconds: (performance.now() - start) / 1000,
      peakRssMiB: peak / 2 ** 20,
      baseRssMiB: baseRss / 2 ** 20,
    };
  }

  const bySort = Object.fromEntries(
    [...samples].map(([key, steps]) => [
      key,
      {
        first: summarize(steps.first),
        next: summarize(steps.next),
        last: summarize(steps.last),
        prev: summarize(steps.prev),
      },
    ]),
  );
  const slowest = (list: { what: string; ms: number }[]) => [...list].sort((a, b) => b.ms - a.ms).slice(0, 5);
  const result: DetailsTimes = {
    orders,
    bySort,
    all: summarize(all.map((s) => s.ms)),
    slowest: slowest(all),
    filtered: summarize(filtered.map((s) => s.ms)),
    filteredSlowest: slowest(filtered),
    export: exportResult,
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
