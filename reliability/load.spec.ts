import autocannon, { type Result } from "autocannon";
import { expect, test } from "@playwright/test";
import { actionHeaders, serverActions } from "./support/actions";
import { BASE_PORT } from "./support/paths";
import { writeReportPart } from "./support/report";
import { DEMO_USERS, sessionCookie, signedIn } from "./support/session";
import { copyTemplate, startServer, type StandaloneServer } from "./support/server";

// 50 concurrent connections for 30 s (RELIABILITY_LOAD_SECONDS) on loopback against the
// production standalone server: the Overview's server action (a real action POST) and the
// protected dashboard page with a session cookie. Every response must be a 2xx; the latencies go
// to bench/results.md.

const CONNECTIONS = 50;
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 30);
const FILTERS = {
  regions: [],
  categories: [],
  channels: [],
  from: "2025-01-01",
  to: "2025-12-31",
  granularity: "week",
};

let server: StandaloneServer;
const rows: string[] = [];

test.beforeAll(async () => {
  // LOG_LEVEL warn: the access log would write a line per request; the test measures the app.
  server = await startServer(BASE_PORT + 3, { DATABASE_PATH: copyTemplate("load"), LOG_LEVEL: "warn" });
});

test.afterAll(async () => {
  await server?.stop();
  if (rows.length === 2)
    writeReportPart(
      "2-load",
      [
        "### Load",
        "",
        `${CONNECTIONS} concurrent connections for ${SECONDS} s each, autocannon on loopback against the`,
        "standalone production server (`node server.js`) over a 20,000-order database. Latency is per request,",
        "from request sent to response complete.",
        "",
        "| Target | Requests | Req/s (mean) | p50 | p99 | max | non-2xx | errors (incl. timeouts) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
      ].join("\n"),
    );
});

function record(name: string, result: Result): void {
  rows.push(
    `| ${name} | ${result.requests.total} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ` +
      `${result.latency.p99} ms | ${result.latency.max} ms | ${result.non2xx} | ${result.errors} |`,
  );
}

test("the Overview action answers 50 concurrent clients for 30 s without a single error", async () => {
  test.setTimeout((SECONDS + 60) * 1000);
  const overview = serverActions().find((action) => action.name === "getOverview")!;
  const result = await autocannon({
    url: `${server.url}${overview.page}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: "POST",
    headers: actionHeaders(overview),
    body: JSON.stringify([FILTERS]),
  });
  record("Overview action (`getOverview`, POST /)", result);
  expect(result.requests.total).toBeGreaterThan(CONNECTIONS);
  expect(result.non2xx).toBe(0);
  expect(result.errors).toBe(0);
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
  const result = await autocannon({
    url: `${server.url}/dashboard`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie },
  });
  record("Dashboard page (`GET /dashboard`, signed in)", result);
  expect(result.requests.total).toBeGreaterThan(CONNECTIONS);
  expect(result.non2xx).toBe(0);
  expect(result.errors).toBe(0);
  expect(result.timeouts).toBe(0);
});
