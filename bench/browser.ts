// Page load and filter interaction of the Overview in headless Chromium (playwright-core driving
// Debian's Chromium), timed inside the page and sized from the DevTools network events.
import zlib from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { filtersKey, type OverviewFilters } from "../lib/overview/filters";
import {
  CATEGORIES,
  CHANNELS,
  GRANULARITIES,
  REGIONS,
  type Category,
  type Channel,
  type Granularity,
  type Region,
} from "../lib/retail";
import {
  describeRequest,
  isDataRequest,
  isJavaScript,
  isServerAction,
  NetworkLog,
  replayResponseBytes,
  uploadBytes,
  uploadParts,
  type LoggedRequest,
} from "./network-log";
import { pick, seededRandom } from "./stats";

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
export const VIEWPORT = { width: 1400, height: 1000 };

const KPIS = ["kpi-revenue", "kpi-orders", "kpi-aov", "kpi-margin"];
const CHARTS = ["chart-timeseries", "chart-category", "chart-products", "chart-channel", "chart-map"];

/**
 * Installed before any page script. "Ready" means: every KPI has a value and every chart's
 * data-drawn-key names the data overview-content shows (drawn keys may carry a "|theme" suffix).
 * A MutationObserver notes the moment in the same task the DOM changed; times are
 * performance.now(), i.e. milliseconds since navigation start. The page's clicks are timed by a
 * capturing listener, so the time of a filter change starts when the click reaches the page.
 */
const PAGE_HOOKS = `(() => {
  if (window !== window.top) return;
  const KPIS = ${JSON.stringify(KPIS)};
  const CHARTS = ${JSON.stringify(CHARTS)};
  const byTestId = (id) => document.querySelector('[data-testid="' + id + '"]');
  const chartDrawn = (id, key) => {
    const drawn = byTestId(id)?.getAttribute("data-drawn-key");
    return !!drawn && (drawn === key || drawn.startsWith(key + "|"));
  };
  const kpisShown = () => KPIS.every((id) => (byTestId(id)?.textContent ?? "").trim() !== "");
  const watch = (check) => {
    const observer = new MutationObserver(() => check() && observer.disconnect());
    observer.observe(document, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["data-key", "data-drawn-key"],
    });
    if (check()) observer.disconnect();
    return observer;
  };
  // Notes when each chart first reports this key; true once all have.
  const noteCharts = (key, chartAt) => {
    for (const id of CHARTS) if (chartAt[id] === undefined && chartDrawn(id, key)) chartAt[id] = performance.now();
    return CHARTS.every((id) => chartAt[id] !== undefined);
  };
  const bench = { kpisAt: null, readyAt: null, chartAt: {}, lastClickAt: null, pending: null };
  window.__bench = bench;
  bench.ready = new Promise((resolve) => {
    watch(() => {
      const content = byTestId("overview-content");
      if (!content || !kpisShown()) return false;
      bench.kpisAt ??= performance.now();
      if (!noteCharts(content.getAttribute("data-key"), bench.chartAt)) return false;
      bench.readyAt = performance.now();
      resolve(bench.readyAt);
      return true;
    });
  });
  window.addEventListener("click", (event) => {
    if (event.isTrusted) bench.lastClickAt = performance.now();
  }, true);
  // Resolves once overview-content shows data other than "before" and every chart has drawn it
  // ({ key, at, keyAt: when the new data replaced the old, chartAt }), or null after timeoutMs.
  bench.arm = (before, timeoutMs) => {
    bench.pending = new Promise((resolve) => {
      let observer = null;
      let keyAt = null;
      const chartAt = {};
      const timer = setTimeout(() => { observer?.disconnect(); resolve(null); }, timeoutMs);
      observer = watch(() => {
        const key = byTestId("overview-content")?.getAttribute("data-key");
        if (!key || key === before) return false;
        keyAt ??= performance.now();
        if (!noteCharts(key, chartAt) || !kpisShown()) return false;
        clearTimeout(timer);
        resolve({ key, at: performance.now(), keyAt, chartAt });
        return true;
      });
    });
  };
})();`;

interface Shown {
  key: string;
  at: number;
  keyAt: number;
  chartAt: Record<string, number>;
}

interface BenchHooks {
  kpisAt: number | null;
  readyAt: number | null;
  chartAt: Record<string, number>;
  lastClickAt: number | null;
  ready: Promise<number>;
  pending: Promise<Shown | null> | null;
  arm: (before: string, timeoutMs: number) => void;
}
// Functions passed to page.evaluate run in the page, so each reaches the hooks through `window`
// itself rather than through a helper defined here.
type BenchWindow = { __bench: BenchHooks };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; log: NetworkLog }> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.addInitScript({ content: PAGE_HOOKS });
  const page = await context.newPage();
  const log = await NetworkLog.attach(await context.newCDPSession(page));
  return { context, page, log };
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  ]);

async function loadAndWait(
  page: Page,
  url: string,
): Promise<{ readyMs: number; kpisMs: number; chartMs: Record<string, number> }> {
  await page.goto(url, { waitUntil: "commit" });
  const readyMs = await withTimeout(
    page.evaluate(() => (window as unknown as BenchWindow).__bench.ready),
    60_000,
    "Overview ready (KPIs and five drawn charts)",
  );
  const { kpisAt, chartAt } = await page.evaluate(() => {
    const bench = (window as unknown as BenchWindow).__bench;
    return { kpisAt: bench.kpisAt, chartAt: bench.chartAt };
  });
  return { readyMs, kpisMs: kpisAt ?? Number.NaN, chartMs: chartAt };
}

export interface PageLoadRun {
  readyMs: number;
  kpisMs: number;
  /** When each chart first reported the shown key. */
  chartMs: Record<string, number>;
  ttfbMs: number;
  fcpMs: number;
  /** When the plotly.js bundle had fully arrived (resource timing responseEnd). */
  plotlyLoadedMs: number;
  requests: number;
  totalBytes: number;
  jsBytes: number;
  js: { url: string; bytes: number }[];
  errors: string[];
}

/** One cold load in a fresh context (empty HTTP cache): time to ready, then bytes once idle. */
export async function measurePageLoad(browser: Browser, url: string): Promise<PageLoadRun> {
  const { context, page, log } = await openPage(browser);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  try {
    const { readyMs, kpisMs, chartMs } = await loadAndWait(page, url);
    await log.settle(750);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      const plotly = performance
        .getEntriesByType("resource")
        .find((entry) => /\/plotly[^/]*\.js/.test(entry.name)) as PerformanceResourceTiming | undefined;
      return {
        ttfb: nav?.responseStart ?? Number.NaN,
        fcp: fcp?.startTime ?? Number.NaN,
        plotly: plotly?.responseEnd ?? Number.NaN,
      };
    });
    // Every request counts, failed or aborted ones too: their bytes crossed the wire all the same.
    const js = log.requests.filter(isJavaScript);
    return {
      readyMs,
      kpisMs,
      chartMs,
      ttfbMs: timing.ttfb,
      fcpMs: timing.fcp,
      plotlyLoadedMs: timing.plotly,
      requests: log.requests.length,
      totalBytes: sum(log.requests.map((request) => request.encodedBytes)),
      jsBytes: sum(js.map((request) => request.encodedBytes)),
      js: js.map((request) => ({ url: request.url, bytes: request.encodedBytes })),
      errors,
    };
  } finally {
    await context.close();
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const downloadBytes = (request: LoggedRequest) =>
  request.failed ? replayResponseBytes(request) : Promise.resolve(request.encodedBytes);

/** Each distinct script's body, fetched again and gzipped here (level 6, as `compression` does). */
export async function gzippedJavaScript(
  urls: readonly string[],
): Promise<{ rawBytes: number; gzipBytes: number; files: { url: string; raw: number; gzip: number }[] }> {
  const files = [];
  for (const url of new Set(urls)) {
    const response = await fetch(url);
    const body = Buffer.from(await response.arrayBuffer());
    files.push({ url, raw: body.length, gzip: zlib.gzipSync(body, { level: 6 }).length });
  }
  files.sort((a, b) => b.gzip - a.gzip);
  return { rawBytes: sum(files.map((f) => f.raw)), gzipBytes: sum(files.map((f) => f.gzip)), files };
}

export interface InteractionStep {
  action: string;
  key: string;
  /** Click until every chart reports the new key. */
  ms: number;
  /** Click until overview-content shows the new data (KPIs re-rendered, charts start drawing). */
  dataShownMs: number;
  /** Click until each chart reported the new key. */
  chartMs: Record<string, number>;
  matchedExpected: boolean;
  actions: number;
  /** Server action: request sent until response headers arrived (server time + loopback). */
  actionWaitMs: number;
  otherRequests: string[];
  uploadBytes: number;
  uploadParts: { part: string; bytes: number }[];
  downloadBytes: number;
  /** The page cancelled the action's response after reading it, so its size was measured by replay. */
  downloadReplayed: boolean;
}

export interface RevisitStep {
  key: string;
  ms: number;
  dataShownMs: number;
  matchedExpected: boolean;
  /** Requests that reached the network during the back navigation and 500 ms after. */
  requests: string[];
  /** Of those, the ones that ask the server for data (actions, RSC payloads, fetch/XHR). */
  dataRequests: number;
}

export interface InteractionSession {
  steps: InteractionStep[];
  revisits: RevisitStep[];
  errors: string[];
}

function parseKey(key: string): OverviewFilters {
  const [regions, categories, channels, from, to, granularity] = key.split("|");
  const list = <T>(value: string | undefined) => (value ? (value.split(",") as T[]) : []);
  const filters: OverviewFilters = {
    regions: list<Region>(regions),
    categories: list<Category>(categories),
    channels: list<Channel>(channels),
    from: from ?? "",
    to: to ?? "",
    granularity: granularity as Granularity,
  };
  if (filtersKey(filters) !== key) throw new Error(`unexpected overview key format: ${key}`);
  return filters;
}

/** Ticking one option of a multi-select, as components/ui/multi-select.tsx does it. */
function toggled<T extends string>(all: readonly T[], value: readonly T[], option: T): T[] {
  const current = value.length === 0 ? [...all] : [...value];
  const next = current.includes(option) ? current.filter((v) => v !== option) : [...current, option];
  return next.length === 0 || next.length === all.length ? [] : all.filter((o) => next.includes(o));
}

interface Change {
  label: string;
  next: OverviewFilters;
  perform: (page: Page) => Promise<void>;
}

function possibleChanges(filters: OverviewFilters): Change[] {
  const changes: Change[] = [];
  const lists = [
    { testId: "filter-region", field: "regions", all: REGIONS },
    { testId: "filter-category", field: "categories", all: CATEGORIES },
    { testId: "filter-channel", field: "channels", all: CHANNELS },
  ] as const;
  for (const { testId, field, all } of lists) {
    for (const option of all) {
      changes.push({
        label: `toggle ${field.replace(/ies$/, "y").replace(/s$/, "")} ${option}`,
        next: { ...filters, [field]: toggled<string>(all, filters[field], option) },
        perform: async (page) => {
          const box = page.getByTestId(testId).locator(`input[type=checkbox][value="${option}"]`);
          if (!(await box.isVisible())) await page.getByTestId(testId).getByRole("button").first().click();
          await box.click();
        },
      });
    }
  }
  for (const granularity of GRANULARITIES) {
    if (granularity === filters.granularity) continue;
    const name = granularity[0]!.toUpperCase() + granularity.slice(1);
    changes.push({
      label: `granularity ${granularity}`,
      next: { ...filters, granularity },
      perform: (page) => page.getByRole("radio", { name, exact: true }).click(),
    });
  }
  return changes;
}

/**
 * One visitor: opens the Overview, makes `changes` filter changes to states nobody has asked for
 * yet in this benchmark (`visited` is shared across sessions, so the server's cache never
 * answers), then goes back `revisits` times to states the client has already seen.
 */
export async function measureInteraction(
  browser: Browser,
  url: string,
  options: { changes: number; revisits: number; seed: number; visited: Set<string> },
): Promise<InteractionSession> {
  const { context, page, log } = await openPage(browser);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const random = seededRandom(options.seed);
  try {
    await loadAndWait(page, url);
    await log.settle(500);
    const contentKey = () => page.getByTestId("overview-content").getAttribute("data-key");
    const trail = [(await contentKey()) ?? ""];
    options.visited.add(trail[0]!);
    let filters = parseKey(trail[0]!);
    const steps: InteractionStep[] = [];

    for (let i = 0; i < options.changes; i++) {
      const fresh = possibleChanges(filters).filter((c) => !options.visited.has(filtersKey(c.next)));
      if (fresh.length === 0) break;
      const change = pick(random, fresh);
      const expected = filtersKey(change.next);
      const before = trail[trail.length - 1]!;
      await page.evaluate(([key]) => (window as unknown as BenchWindow).__bench.arm(key!, 15_000), [before]);
      const mark = log.requests.length;
      await change.perform(page);
      const done = await page.evaluate(() => (window as unknown as BenchWindow).__bench.pending);
      const clickAt = await page.evaluate(() => (window as unknown as BenchWindow).__bench.lastClickAt);
      await log.settle(200);
      const requests = log.requests.slice(mark);
      const actions = requests.filter(isServerAction);
      const shownKey = done?.key ?? (await contentKey()) ?? "";
      const since = (at: number | undefined) =>
        at !== undefined && clickAt !== null ? at - clickAt : Number.NaN;
      steps.push({
        action: change.label,
        key: expected,
        ms: since(done?.at),
        dataShownMs: since(done?.keyAt),
        chartMs: Object.fromEntries(CHARTS.map((id) => [id, since(done?.chartAt[id])])),
        matchedExpected: shownKey === expected,
        actions: actions.length,
        actionWaitMs: actions[0]?.waitMs ?? Number.NaN,
        otherRequests: requests.filter((r) => !isServerAction(r)).map(describeRequest),
        uploadBytes: sum(actions.map(uploadBytes)),
        uploadParts: actions[0] ? uploadParts(actions[0]) : [],
        downloadBytes: sum(await Promise.all(actions.map(downloadBytes))),
        downloadReplayed: actions.some((request) => request.failed),
      });
      if (!done) errors.push(`${change.label}: the new state was not drawn within 15 s`);
      options.visited.add(expected);
      trail.push(expected);
      filters = change.next;
      await page.keyboard.press("Escape");
    }

    const revisits: RevisitStep[] = [];
    for (let i = 0; i < options.revisits && trail.length > 1; i++) {
      const before = trail.pop()!;
      const expected = trail[trail.length - 1]!;
      await page.evaluate(([key]) => (window as unknown as BenchWindow).__bench.arm(key!, 5_000), [before]);
      const mark = log.requests.length;
      const done = await page.evaluate(async () => {
        const start = performance.now();
        history.back();
        const shown = await (window as unknown as BenchWindow).__bench.pending;
        return shown ? { key: shown.key, ms: shown.at - start, dataShownMs: shown.keyAt - start } : null;
      });
      // Anything the back navigation triggers late (a refetch, a prefetch) still counts.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await log.settle(200);
      const requests = log.requests.slice(mark).filter((request) => !request.fromCache);
      revisits.push({
        key: expected,
        ms: done?.ms ?? Number.NaN,
        dataShownMs: done?.dataShownMs ?? Number.NaN,
        matchedExpected: done?.key === expected,
        requests: requests.map(describeRequest),
        dataRequests: requests.filter(isDataRequest).length,
      });
      if (!done) errors.push(`back to ${expected}: not redrawn within 5 s`);
    }
    return { steps, revisits, errors };
  } finally {
    await context.close();
  }
}
