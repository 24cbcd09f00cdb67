import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { DEMO_USERS, expect, logIn, test, type Credentials } from "./support/auth";
import { E2E_DB, E2E_PORT } from "./support/config";
import { isAction, replayWithoutSession } from "./support/actions";

// Background jobs. Quick jobs run on the suite's shared server (60k orders). Jobs that must still
// be running while the test watches, reloads, cancels or kills the server run on this spec's own
// server: a production `next start` on its own port, over its own copy of the e2e database with a
// large dataset added, in its own process group (so SIGKILL takes the whole server down).

const OWN_PORT = E2E_PORT + 1;
const OWN_URL = `http://127.0.0.1:${OWN_PORT}`;
const OWN_DB = path.resolve(".e2e/jobs-own.db");
const OWN_LOG = path.resolve(".e2e/jobs-own-server.log");
/** Rows of the large dataset: its profile takes several seconds, long enough to watch. */
const BIG_ROWS = 1_500_000;
const BIG_COLUMNS = 12;

let server: ChildProcess | null = null;

function startOwnServer(): ChildProcess {
  const log = fs.openSync(OWN_LOG, "a");
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(OWN_PORT),
      "--hostname",
      "127.0.0.1",
    ],
    {
      detached: true, // its own process group
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: OWN_DB,
        AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        BCRYPT_COST: "8",
        JOB_CONCURRENCY: "1",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );
  fs.closeSync(log);
  return child;
}

async function waitUntilUp(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${OWN_URL}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the jobs spec's server did not start; see ${OWN_LOG}`);
}

function killOwnServer(signal: NodeJS.Signals): void {
  if (server?.pid) {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // already gone
    }
  }
  server = null;
}

/** Adds a dataset the way the datasets feature stores one: catalogue rows plus ds_<id> (c0..cK). */
function addDataset(
  db: Database.Database,
  ownerId: number,
  name: string,
  rows: number,
  columns: number,
): number {
  const at = new Date().toISOString();
  const id = Number(
    db
      .prepare(
        `INSERT INTO datasets (owner_id, name, source, visibility, status, row_count, created_at, updated_at)
         VALUES (?, ?, 'upload', 'private', 'ready', ?, ?, ?)`,
      )
      .run(ownerId, name, rows, at, at).lastInsertRowid,
  );
  const names = Array.from({ length: columns }, (_, i) => `c${i}`);
  db.exec(
    `CREATE TABLE ds_${id} (_row INTEGER PRIMARY KEY, ${names.map((n, i) => `${n} ${i === 0 ? "INTEGER" : "REAL"}`).join(", ")})`,
  );
  const insertColumn = db.prepare(
    "INSERT INTO dataset_columns (dataset_id, position, header, name, type) VALUES (?, ?, ?, ?, ?)",
  );
  names.forEach((_, i) => insertColumn.run(id, i, `col ${i}`, `col_${i}`, i === 0 ? "integer" : "number"));
  // Deterministic values with real correlations: column k mixes the row number with a hash of it.
  const values = names.map((_, i) =>
    i === 0 ? "i" : `((i * ${7919 + i * 104729}) % 1000) * ${i} + i * ${(i % 3) - 1} / 1000.0`,
  );
  db.exec(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows})
     INSERT INTO ds_${id} (${names.join(", ")}) SELECT ${values.join(", ")} FROM seq`,
  );
  return id;
}

function userId(db: Database.Database, username: string): number {
  return db.prepare("SELECT id FROM users WHERE username = ?").pluck().get(username) as number;
}

async function ownContext(browser: Browser, user: Credentials): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: OWN_URL, viewport: { width: 1400, height: 1000 } });
  expect(await logIn(context.request, user)).toBeNull();
  return context;
}

const job = (page: Page, id: number) => page.getByTestId(`job-${id}`);
const progressOf = async (page: Page, id: number) =>
  Number(await job(page, id).getByTestId("job-progress").getAttribute("aria-valuenow"));

/** Ids of the listed jobs of one kind, newest first. */
const listedIds = (page: Page, kind: string) =>
  page
    .locator(`[data-testid^="job-"][data-kind="${kind}"]`)
    .evaluateAll((items) => items.map((item) => Number(item.getAttribute("data-testid")!.slice(4))));

/** Starts a job from its form and returns the new job's id. */
async function startFrom(page: Page, kind: "forecast" | "profile" | "export"): Promise<number> {
  const before = await listedIds(page, kind);
  await page
    .getByTestId(`start-${kind}`)
    .getByRole("button", { name: /^Start/ })
    .click();
  let id = 0;
  await expect
    .poll(async () => {
      id = (await listedIds(page, kind)).find((listed) => !before.includes(listed)) ?? 0;
      return id;
    })
    .toBeGreaterThan(0);
  return id;
}

const openDb = (file: string) => new Database(file, { fileMustExist: true });

test.describe("Jobs on the shared server", () => {
  test("a forecast is drawn and an export downloads exactly the orders SQL selects", async ({
    page,
    signIn,
  }) => {
    test.setTimeout(90_000);
    await signIn(DEMO_USERS.bob);
    await page.goto("/jobs");
    await expect(page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();

    const forecast = await startFrom(page, "forecast");
    await expect(job(page, forecast)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await job(page, forecast).getByRole("button", { name: "Show result" }).click();
    await expect(page.getByTestId(`forecast-chart-${forecast}`)).not.toHaveAttribute("data-drawn-key", "", {
      timeout: 15_000,
    });

    // Export: everything but the South region, default period.
    await page.getByTestId("export-region").getByRole("button").click();
    await page.getByTestId("export-region").getByLabel("South").uncheck();
    await page.keyboard.press("Escape");
    const from = await page.getByLabel("Export from").inputValue();
    const to = await page.getByLabel("Export to").inputValue();
    const exportId = await startFrom(page, "export");
    await expect(job(page, exportId)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    const link = job(page, exportId).getByRole("link", { name: /Download CSV/ });
    const response = await page.request.get((await link.getAttribute("href"))!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const lines = (await response.text()).trimEnd().split("\n");

    const db = new Database(E2E_DB, { readonly: true, fileMustExist: true });
    const expected = db
      .prepare(
        `SELECT COUNT(*) FROM orders o JOIN stores s ON s.id = o.store_id
         WHERE o.day BETWEEN ? AND ? AND s.region <> 'South'`,
      )
      .pluck()
      .get(from, to) as number;
    db.close();
    expect(expected).toBeGreaterThan(1000);
    expect(lines.length - 1).toBe(expected);
    expect(lines.slice(1).some((line) => line.includes(",South,"))).toBe(false);
    await expect(job(page, exportId).getByTestId("job-message")).toHaveText(
      `${expected.toLocaleString("en-US")} orders exported`,
    );
  });

  test("a viewer sees only their own jobs; an admin sees everyone's", async ({ page, signIn, browser }) => {
    test.setTimeout(60_000);
    await signIn(DEMO_USERS.bob);
    await page.goto("/jobs");
    const bobJob = await startFrom(page, "forecast");
    await expect(job(page, bobJob)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });

    const aliceContext = await browser.newContext({ baseURL: new URL(page.url()).origin });
    expect(await logIn(aliceContext.request, DEMO_USERS.alice)).toBeNull();
    const alicePage = await aliceContext.newPage();
    await alicePage.goto("/jobs");
    const aliceJob = await startFrom(alicePage, "forecast");
    await expect(job(alicePage, aliceJob)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    // The admin sees bob's job, with its owner.
    await expect(job(alicePage, bobJob)).toContainText("· bob");
    await aliceContext.close();

    // Bob's list, live stream and lookups never include alice's job.
    const listed = (await (await page.request.get("/api/jobs")).json()) as {
      jobs: { id: number; ownerName: string }[];
    };
    expect(listed.jobs.map((j) => j.id)).toContain(bobJob);
    expect(listed.jobs.every((j) => j.ownerName === "bob")).toBe(true);
    expect((await page.request.get(`/api/jobs/${aliceJob}`)).status()).toBe(404);
    expect((await page.request.get(`/api/jobs/${aliceJob}/download`)).status()).toBe(404);
    await page.reload();
    await expect(job(page, bobJob)).toBeVisible();
    await expect(job(page, aliceJob)).toHaveCount(0);
  });

  test("without the event stream the page falls back to polling and still follows a job", async ({
    page,
    signIn,
  }) => {
    test.setTimeout(60_000);
    await page.route("**/api/jobs/events", (route) => route.abort());
    await signIn(DEMO_USERS.bob);
    await page.goto("/jobs");
    await expect(page.getByTestId("jobs-live")).toHaveText("Updating every 2 s");
    const polled = page.waitForRequest(
      (r) => r.method() === "GET" && new URL(r.url()).pathname === "/api/jobs",
    );
    const forecast = await startFrom(page, "forecast");
    await polled;
    await expect(job(page, forecast)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await expect(job(page, forecast).getByTestId("job-progress")).toHaveAttribute("aria-valuenow", "100");
  });

  test("the start action posted by hand without a session starts nothing and returns no data", async ({
    page,
    signIn,
    playwright,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/jobs");
    const captured = page.waitForRequest(isAction);
    const started = await startFrom(page, "forecast");
    const request = await captured;
    await expect(job(page, started)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });

    const db = new Database(E2E_DB, { readonly: true, fileMustExist: true });
    const countJobs = () => db.prepare("SELECT COUNT(*) FROM jobs").pluck().get() as number;
    const before = countJobs();
    for (const body of await replayWithoutSession(playwright.request, request)) {
      expect(body).not.toContain("Revenue per region");
      expect(body).not.toContain("ownerName");
    }
    const anonymous = await playwright.request.newContext({ baseURL: new URL(request.url()).origin });
    // The stream and the result need a session too.
    expect((await anonymous.get("/api/jobs/events")).status()).toBe(401);
    expect((await anonymous.get(`/api/jobs/${started}`)).status()).toBe(401);
    expect(countJobs()).toBe(before);
    db.close();
    await anonymous.dispose();
  });
});

test.describe("Jobs on their own server", () => {
  test.describe.configure({ mode: "serial" });
  let bigId = 0;
  let smallId = 0;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(OWN_DB + suffix, { force: true });
    fs.rmSync(path.join(path.dirname(OWN_DB), "exports"), { recursive: true, force: true });
    const source = new Database(E2E_DB, { readonly: true, fileMustExist: true });
    source.prepare("VACUUM INTO ?").run(OWN_DB);
    source.close();
    const db = openDb(OWN_DB);
    db.pragma("journal_mode = WAL");
    const bob = userId(db, "bob");
    bigId = addDataset(db, bob, "Big sensor log", BIG_ROWS, BIG_COLUMNS);
    smallId = addDataset(db, bob, "Small sample", 500, 4);
    db.close();
    server = startOwnServer();
    await waitUntilUp();
  });

  test.afterAll(() => killOwnServer("SIGTERM"));

  test("progress rises live, survives a reload and a second tab, and cancel stops the job", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await ownContext(browser, DEMO_USERS.bob);
    const page = await context.newPage();
    await page.goto("/jobs");
    await page.getByTestId("profile-dataset").selectOption(String(bigId));
    const profile = await startFrom(page, "profile");
    await expect(job(page, profile)).toHaveAttribute("data-status", "running", { timeout: 15_000 });
    // The start button stays disabled while this user's profile runs.
    await expect(page.getByTestId("start-profile").getByRole("button")).toBeDisabled();

    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          seen.add(await progressOf(page, profile));
          return [...seen].filter((value) => value > 0 && value < 100).length;
        },
        { timeout: 30_000, intervals: [200] },
      )
      .toBeGreaterThanOrEqual(2);
    const beforeReload = Math.max(...seen);

    await page.reload();
    await expect(job(page, profile)).toHaveAttribute("data-status", "running");
    expect(await progressOf(page, profile)).toBeGreaterThanOrEqual(beforeReload);
    const second = await context.newPage();
    await second.goto("/jobs");
    await expect(job(second, profile)).toHaveAttribute("data-status", "running");
    await expect(second.getByTestId("jobs-live")).toHaveText("Live");
    // Progress keeps arriving in the reloaded page.
    await expect.poll(() => progressOf(page, profile), { timeout: 30_000 }).toBeGreaterThan(beforeReload);

    // A forecast waits behind it (JOB_CONCURRENCY=1) ...
    const forecast = await startFrom(page, "forecast");
    await expect(job(page, forecast)).toHaveAttribute("data-status", "queued");
    // ... until the profile is cancelled; the other tab sees the cancel too.
    await job(page, profile).getByRole("button", { name: "Cancel" }).click();
    await expect(job(page, profile)).toHaveAttribute("data-status", "cancelled", { timeout: 5_000 });
    await expect(job(second, profile)).toHaveAttribute("data-status", "cancelled");
    await expect(job(page, forecast)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await job(page, forecast).getByRole("button", { name: "Show result" }).click();
    await expect(page.getByTestId(`forecast-chart-${forecast}`)).not.toHaveAttribute("data-drawn-key", "", {
      timeout: 15_000,
    });
    const db = openDb(OWN_DB);
    expect(db.prepare("SELECT status FROM jobs WHERE id = ?").pluck().get(profile)).toBe("cancelled");
    db.close();
    await context.close();
  });

  test("a profile shows statistics and correlations equal to SQL over the dataset", async ({ browser }) => {
    test.setTimeout(60_000);
    const context = await ownContext(browser, DEMO_USERS.bob);
    const page = await context.newPage();
    await page.goto("/jobs");
    await page.getByTestId("profile-dataset").selectOption(String(smallId));
    const profile = await startFrom(page, "profile");
    await expect(job(page, profile)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
    await job(page, profile).getByRole("button", { name: "Show result" }).click();
    const view = job(page, profile).getByTestId("profile-view");
    await expect(view.getByTestId("profile-columns").locator("tbody tr")).toHaveCount(4);

    const db = openDb(OWN_DB);
    const rows = db.prepare(`SELECT c1 AS x, c2 AS y FROM ds_${smallId}`).all() as { x: number; y: number }[];
    const stats = db
      .prepare(`SELECT COUNT(c1) AS n, AVG(c1) AS mean, MIN(c1) AS min, MAX(c1) AS max FROM ds_${smallId}`)
      .get() as { n: number; mean: number; min: number; max: number };
    db.close();
    const mx = rows.reduce((s, r) => s + r.x, 0) / rows.length;
    const my = rows.reduce((s, r) => s + r.y, 0) / rows.length;
    const sxy = rows.reduce((s, r) => s + (r.x - mx) * (r.y - my), 0);
    const sxx = rows.reduce((s, r) => s + (r.x - mx) ** 2, 0);
    const syy = rows.reduce((s, r) => s + (r.y - my) ** 2, 0);
    const r = sxy / Math.sqrt(sxx * syy);
    await expect(view.getByTestId("corr-1-2")).toHaveText(r.toFixed(2));
    const cell = Number(await view.getByTestId("corr-1-2").getAttribute("data-value"));
    expect(cell).toBeCloseTo(r, 9);
    const format = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
    const row = view.locator('tr[data-column="col_1"] td');
    await expect(row.nth(1)).toHaveText(stats.n.toLocaleString("en-US"));
    await expect(row.nth(4)).toHaveText(format.format(stats.min));
    await expect(row.nth(5)).toHaveText(format.format(stats.max));
    await expect(row.nth(6)).toHaveText(format.format(stats.mean));
    await expect(view.getByTestId("correlation-heatmap")).toBeVisible();
    await context.close();
  });

  test("a server killed with SIGKILL mid-job restarts with no job left running, and the queue resumes", async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const bobContext = await ownContext(browser, DEMO_USERS.bob);
    const page = await bobContext.newPage();
    await page.goto("/jobs");
    await page.getByTestId("profile-dataset").selectOption(String(bigId));
    const profile = await startFrom(page, "profile");
    await expect(job(page, profile)).toHaveAttribute("data-status", "running", { timeout: 15_000 });
    const exportId = await startFrom(page, "export");
    await expect(job(page, exportId)).toHaveAttribute("data-status", "queued");
    await expect.poll(() => progressOf(page, profile), { timeout: 30_000 }).toBeGreaterThan(0);
    await bobContext.close();

    killOwnServer("SIGKILL");
    const db = openDb(OWN_DB);
    const status = db.prepare("SELECT status FROM jobs WHERE id = ?").pluck();
    expect(status.get(profile)).toBe("running");

    server = startOwnServer();
    await waitUntilUp();
    expect(
      db.prepare("SELECT COUNT(*) FROM jobs WHERE status = 'running' AND id <= ?").pluck().get(profile),
    ).toBe(0);
    expect(db.prepare("SELECT status, error FROM jobs WHERE id = ?").get(profile)).toEqual({
      status: "failed",
      error: "Interrupted by a server restart",
    });
    await expect.poll(() => status.get(exportId), { timeout: 60_000 }).toBe("succeeded");
    db.close();

    const context = await ownContext(browser, DEMO_USERS.bob);
    const after = await context.newPage();
    await after.goto("/jobs");
    await expect(job(after, profile)).toHaveAttribute("data-status", "failed");
    await expect(job(after, profile).getByTestId("job-message")).toHaveText(
      "Interrupted by a server restart",
    );
    await expect(job(after, exportId)).toHaveAttribute("data-status", "succeeded");
    await context.close();
  });
});
