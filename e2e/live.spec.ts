import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { DEMO_USERS, expect, test } from "./support/auth";
import { E2E_DB, E2E_PORT } from "./support/config";

// The live page against its own server: a copy of the e2e database, LIVE_FEED=on and PROFILER=1, on the next port,
// in its own process group so the test can kill -9 it and start it again. Expected figures are SQL
// over the copy's live_orders, written here.

const PORT = E2E_PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = path.join(path.dirname(E2E_DB), "live-e2e.db");
let server: ChildProcess | null = null;

function startServer(): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(PORT),
      "--hostname",
      "127.0.0.1",
    ],
    {
      detached: true,
      stdio: "ignore",
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: DB,
        // The secret the main e2e server generated beside its database (scripts/demo-secret.mjs).
        AUTH_SECRET: fs.readFileSync(path.join(path.dirname(E2E_DB), ".auth-secret"), "utf8").trim(),
        LIVE_FEED: "on",
        LIVE_ORDERS_PER_SECOND: "5",
        PROFILER: "1",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );
  return child;
}

function killServer(): void {
  if (server?.pid) {
    try {
      process.kill(-server.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  server = null;
}

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the live e2e server did not start on ${BASE}`);
}

test.use({ baseURL: BASE });

test.beforeAll(async () => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB + suffix, { force: true });
  const source = new Database(E2E_DB, { readonly: true, fileMustExist: true });
  source.exec(`VACUUM INTO '${DB.replaceAll("'", "''")}'`);
  source.close();
  server = startServer();
  await waitForServer();
});

test.afterAll(() => {
  killServer();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB + suffix, { force: true });
});

/** The x values (ms) and the orders per second (second trace) the live chart holds now. */
async function chartData(page: import("@playwright/test").Page) {
  return page.evaluate(() => {
    const graph = document.querySelector('[data-testid="live-chart"] .js-plotly-plot') as
      (HTMLElement & { data?: { x: number[]; y: number[] }[] }) | null;
    const data = graph?.data ?? [];
    return { x: [...(data[0]?.x ?? [])].map(Number), orders: [...(data[1]?.y ?? [])].map(Number) };
  });
}

function expectContiguous(x: number[]) {
  expect(x.length).toBeGreaterThan(0);
  expect(new Set(x).size, "no duplicated points").toBe(x.length);
  const steps = x.slice(1).map((value, i) => value - x[i]!);
  expect(
    steps.filter((step) => step !== 1000),
    "one point per second, no gaps",
  ).toEqual([]);
}

test("the live chart gains points and resumes after a server restart without duplicates or gaps", async ({
  page,
  signIn,
}) => {
  test.setTimeout(150_000);
  await signIn(DEMO_USERS.bob);
  await page.goto("/live");
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect.poll(async () => (await chartData(page)).x.length, { timeout: 20_000 }).toBeGreaterThan(0);
  const first = await chartData(page);
  await expect
    .poll(async () => (await chartData(page)).x.at(-1)!, { timeout: 20_000 })
    .toBeGreaterThan(first.x.at(-1)! + 2000);
  expect(await page.getByTestId("health-panel").count(), "viewers do not see the health panel").toBe(0);

  const beforeKill = await chartData(page);
  expectContiguous(beforeKill.x);
  killServer();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "reconnecting", {
    timeout: 15_000,
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  server = startServer();
  await waitForServer();

  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await expect
    .poll(async () => (await chartData(page)).x.at(-1)!, { timeout: 30_000 })
    .toBeGreaterThan(Date.now() - 5_000);
  const after = await chartData(page);
  expectContiguous(after.x);
  // The window spans the restart, so "contiguous" covers the seconds around it.
  expect(after.x[0]!).toBeLessThanOrEqual(beforeKill.x.at(-1)!);

  // The orders per second drawn equal SQL over the live orders of the copy, second by second.
  const db = new Database(DB, { readonly: true });
  try {
    const count = db.prepare(
      "SELECT COUNT(*) AS n FROM live_orders WHERE created_at >= ? AND created_at < ?",
    );
    const drawn = after.x.map((ms, i) => ({ ms, orders: after.orders[i] }));
    const expected = drawn.map(({ ms }) => ({ ms, orders: (count.get(ms, ms + 1000) as { n: number }).n }));
    expect(drawn).toEqual(expected);
    expect(
      drawn.some((point) => point.orders! > 0),
      "the simulator wrote orders",
    ).toBe(true);
  } finally {
    db.close();
  }
});

test("a hidden tab closes the stream and resumes from its last point when shown again", async ({
  page,
  signIn,
}) => {
  const streams: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/live") streams.push(request.url());
  });
  await signIn(DEMO_USERS.bob);
  await page.goto("/live");
  const status = page.getByTestId("live-status");
  await expect(status).toHaveAttribute("data-status", "live");
  await expect.poll(async () => (await chartData(page)).x.length, { timeout: 20_000 }).toBeGreaterThan(0);

  const setVisibility = (state: "hidden" | "visible") =>
    page.evaluate((value) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
      document.dispatchEvent(new Event("visibilitychange"));
    }, state);
  await setVisibility("hidden");
  await expect(status).toHaveAttribute("data-status", "paused");
  const hidden = await chartData(page);
  await page.waitForTimeout(3_000);
  expect((await chartData(page)).x, "no points arrive while hidden").toEqual(hidden.x);

  await setVisibility("visible");
  await expect(status).toHaveAttribute("data-status", "live");
  await expect
    .poll(async () => (await chartData(page)).x.at(-1)!, { timeout: 15_000 })
    .toBeGreaterThan(hidden.x.at(-1)! + 3_000);
  expectContiguous((await chartData(page)).x);
  expect(streams.at(-1)).toContain(`since=${hidden.x.at(-1)! / 1000}`);
});

test("an admin sees the server's health live on /live and the performance report", async ({
  page,
  signIn,
}) => {
  await signIn(DEMO_USERS.alice);
  await page.goto("/live");
  const panel = page.getByTestId("health-panel");
  await expect(panel).toBeVisible();
  await expect(page.getByTestId("health-memory")).toHaveText(/^\d[\d.,]* MB$/, { timeout: 15_000 });
  const firstUpdate = Number(await panel.getAttribute("data-updated"));
  await expect
    .poll(async () => Number(await panel.getAttribute("data-updated")))
    .toBeGreaterThan(firstUpdate);
  await expect(page.getByTestId("health-clients")).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId("health-lag")).toHaveText(/ms$/);

  const response = await page.goto("/admin/performance");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("performance-routes")).toContainText("GET /live");
  await expect(page.getByTestId("performance-sql")).toContainText("EXPLAIN QUERY PLAN");
  await expect(page.getByTestId("performance-sql")).toContainText("live_orders");
});

test("PROFILER=1 adds a Server-Timing breakdown that the browser sees", async ({ page }) => {
  const response = await page.goto("/");
  const timing = (await response?.allHeaders())?.["server-timing"] ?? "";
  expect(timing).toMatch(/db;dur=[\d.]+;desc="SQL x\d+"/);
  expect(timing).toMatch(/cache;dur=[\d.]+;desc="\d+ hit, \d+ miss"/);
  expect(timing).toMatch(/total;dur=[\d.]+/);
  const entries = await page.evaluate(() =>
    (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).serverTiming.map(
      (t) => t.name,
    ),
  );
  expect(entries).toEqual(expect.arrayContaining(["db", "cache", "total"]));
});

test("a viewer gets the 403 page on /admin/performance", async ({ page, signIn }) => {
  await signIn(DEMO_USERS.bob);
  const response = await page.goto("/admin/performance");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(page.getByTestId("performance-routes")).toHaveCount(0);
});

test("the live stream needs a session and explains a bad resume id", async ({ request }) => {
  const anonymous = await request.get("/api/live");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toEqual({ error: "Sign in first." });
  const { logIn } = await import("./support/auth");
  expect(await logIn(request, DEMO_USERS.bob)).toBeNull();
  const bad = await request.get("/api/live?since=yesterday");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: "Invalid since: must be an event id (epoch seconds, 10 digits).",
  });
});
