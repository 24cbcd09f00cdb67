import fs from "node:fs";
import path from "node:path";
import autocannon, { type Options, type Result } from "autocannon";
import { expect, test } from "@playwright/test";
import { actionHeaders, serverActions } from "./support/actions";
import { BASE_PORT, TMP } from "./support/paths";
import { writeReportPart } from "./support/report";
import { DEMO_USERS, sessionCookie, signedIn } from "./support/session";
import { copyTemplate, startServer, type StandaloneServer } from "./support/server";

// 50 concurrent connections for 30 s (RELIABILITY_LOAD_SECONDS) on loopback against the
// production standalone server: the Overview's server action (a real action POST) and the
// protected dashboard page with a session cookie. Every response must be a 2xx; the latencies go
// to bench/results.md.

const CONNECTIONS = 50;
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 30);
// autocannon's default is 10 s; on this 2-core machine shared with six other engineers' builds a
// rare request waits longer than that behind someone else's compiler without anything being wrong.
const TIMEOUT_SECONDS = 20;
// As the browser sends filters (lib/overview/filters-wire.ts): every region, category and channel.
const FILTERS = [0, 0, 0, "2025-01-01", "2025-12-31", "week"];

let server: StandaloneServer;
// Rows survive a failed test (Playwright restarts the worker after one): kept in a file.
const ROWS_FILE = path.join(TMP, "load-rows.json");

test.beforeAll(async () => {
  // LOG_LEVEL warn: the access log would write a line per request; the test measures the app.
  server = await startServer(BASE_PORT + 3, { DATABASE_PATH: copyTemplate("load"), LOG_LEVEL: "warn" });
});

test.afterAll(async () => {
  await server?.stop();
});

/**
 * A freshly started server loads each route's code on its first requests (seconds on this shared
 * machine); 50 clients arriving at once would spend the first 10 s queueing behind that. Traffic
 * reaches a real server after it is warm, so the measurement starts after 5 s of the same load.
 */
async function warmUp(options: Options): Promise<void> {
  await load({ ...options, duration: 5 });
}

/** Runs autocannon, counting failed requests by cause (timeouts, resets...). */
function load(options: Options): Promise<{ result: Result; failures: Record<string, number> }> {
  const failures: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ result, failures }),
    );
    instance.on("reqError", (error: Error & { code?: string }) => {
      const cause = error.code ?? error.message;
      failures[cause] = (failures[cause] ?? 0) + 1;
    });
  });
}

function record(
  name: string,
  { result, failures }: { result: Result; failures: Record<string, number> },
): void {
  const rows = (fs.existsSync(ROWS_FILE) ? JSON.parse(fs.readFileSync(ROWS_FILE, "utf8")) : {}) as Record<
    string,
    string
  >;
  const causes = Object.entries(failures)
    .map(([cause, n]) => `${n} ${cause}`)
    .join(", ");
  rows[name] =
    `| ${name} | ${result.requests.total} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ` +
    `${result.latency.p99} ms | ${result.latency.max} ms | ${result.non2xx} | ${result.errors}${causes ? ` (${causes})` : ""} |`;
  fs.writeFileSync(ROWS_FILE, JSON.stringify(rows));
  writeReportPart(
    "2-load",
    [
      "### Load",
      "",
      `${CONNECTIONS} concurrent connections for ${SECONDS} s each, autocannon on loopback against the`,
      "standalone production server (`node server.js`) over a 20,000-order database. Latency is per request,",
      "from request sent to response complete, after a 5 s warm-up at the same load (not counted); a request",
      `unanswered after ${TIMEOUT_SECONDS} s counts as an error. The max comes from the first second of a run,`,
      "when all 50 connections open at once: a few dozen of those first requests take 3-11 s (seen with and",
      "without the warm-up; not yet explained).",
      "",
      "| Target | Requests | Req/s (mean) | p50 | p99 | max | non-2xx | errors |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      ...Object.values(rows),
    ].join("\n"),
  );
}

test("the Overview action answers 50 concurrent clients for 30 s without a single error", async () => {
  test.setTimeout((SECONDS + 60) * 1000);
  const overview = serverActions().find((action) => action.name === "getOverview")!;
  const options: Options = {
    url: `${server.url}${overview.page}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: TIMEOUT_SECONDS,
    method: "POST",
    headers: actionHeaders(overview),
    body: JSON.stringify([FILTERS]),
  };
  // The body really is a valid request: a 200 carrying an error would count as a success below.
  const sample = await fetch(options.url, { method: "POST", headers: options.headers, body: options.body });
  expect(await sample.text()).toContain('"ok":true');
  await warmUp(options);
  const run = await load(options);
  record("Overview action (`getOverview`, POST /)", run);
  const { result } = run;
  expect(result.requests.total).toBeGreaterThan(CONNECTIONS);
  expect(result.non2xx).toBe(0);
  expect(result.errors, JSON.stringify(run.failures)).toBe(0);
  expect(result.timeouts).toBe(0);
});

test("the protected dashboard page serves 50 concurrent signed-in clients for 30 s without a single error", async () => {
  test.setTimeout((SECONDS + 60) * 1000);
  const context = await signedIn(server.url, DEMO_USERS.bob);
  const cookie = await sessionCookie(context);
  await context.dispose();
  // The cookie really is what makes it 200 (without it: a redirect to /login, which would count as non-2xx).
  expect((await fetch(`${server.url}/dashboard`, { headers: { cookie }, redirect: "manual" })).status).toBe(
    200,
  );
  const options: Options = {
    url: `${server.url}/dashboard`,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: TIMEOUT_SECONDS,
    headers: { cookie },
  };
  await warmUp(options);
  const run = await load(options);
  record("Dashboard page (`GET /dashboard`, signed in)", run);
  const { result } = run;
  expect(result.requests.total).toBeGreaterThan(CONNECTIONS);
  expect(result.non2xx).toBe(0);
  expect(result.errors, JSON.stringify(run.failures)).toBe(0);
  expect(result.timeouts).toBe(0);
});
