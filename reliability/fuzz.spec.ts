import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { actionHeaders, appRoutes, serverActions, type ServerAction } from "./support/actions";
import { tableChecksums } from "./support/checksum";
import { BASE_PORT } from "./support/paths";
import { tableRows, writeReportPart } from "./support/report";
import { DEMO_USERS, sessionCookie, signedIn } from "./support/session";
import { copyTemplate, startServer, type StandaloneServer } from "./support/server";

// Bad input: random and malformed bodies to every server action of the build (ids from its
// server-reference manifest) and every route handler, malformed query strings to every page,
// anonymous and signed in as a viewer. No 5xx, no crash, nothing stored changes.

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 40);
// Failed logins are recorded by design (login throttling): the login endpoint is fuzzed too.
const WRITES_BY_DESIGN = ["login_failures"];

let server: StandaloneServer;
let database: string;
let viewerCookie: string;
const outcomes = new Map<string, Map<string, number>>();

function count(target: string, status: number): void {
  const row = outcomes.get(target) ?? new Map<string, number>();
  const key = `${Math.floor(status / 100)}xx`;
  row.set(key, (row.get(key) ?? 0) + 1);
  outcomes.set(target, row);
}

/** fetch, retried once when the server had just closed the idle keep-alive connection it reused. */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code !== "UND_ERR_SOCKET" && cause?.message !== "other side closed") throw error;
    return fetch(url, init);
  }
}

async function send(target: string, url: string, init: RequestInit): Promise<number> {
  const response = await fetchOnce(url, { ...init, redirect: "manual" });
  // Event streams (/api/live, /api/jobs/events) never end by themselves: their status is the answer.
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) await response.body?.cancel();
  else await response.arrayBuffer();
  count(target, response.status);
  return response.status;
}

test.beforeAll(async () => {
  database = copyTemplate("fuzz");
  server = await startServer(BASE_PORT + 4, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
  const viewer = await signedIn(server.url, DEMO_USERS.bob);
  viewerCookie = await sessionCookie(viewer);
  await viewer.dispose();
});

test.afterAll(async () => {
  await server?.stop();
  const classes = ["2xx", "3xx", "4xx", "5xx"];
  const rows = [...outcomes].map(([target, row]) => [
    target,
    [...row.values()].reduce((a, b) => a + b, 0),
    ...classes.map((c) => row.get(c) ?? 0),
  ]);
  writeReportPart(
    "3-fuzz",
    [
      "### Bad input (fuzz)",
      "",
      `fast-check, ${RUNS} random cases per target and identity (anonymous, viewer), plus fixed malformed cases.`,
      "Outcome per target, by status class. Any 5xx, a crash or a changed table fails the run.",
      "",
      "| Target | Requests | 2xx | 3xx | 4xx | 5xx |",
      "| --- | --- | --- | --- | --- | --- |",
      ...tableRows(rows),
    ].join("\n"),
  );
});

// What a client might send as an action body: React's reply format done wrong in every way.
const MALFORMED_BODIES = [
  "",
  "[",
  "{",
  "null",
  "not json",
  '["$1"]',
  '["$Q1"]',
  '["$@0"]',
  '["$h1"]',
  '["$F1"]',
  '["$nabc"]',
  '["$D"]',
  '["$K1"]',
  '"$"',
  `[${"[".repeat(5_000)}${"]".repeat(5_000)}]`,
  JSON.stringify([{ regions: "x".repeat(100_000) }]),
  JSON.stringify([{ regions: Array.from({ length: 20_000 }, (_, i) => `r${i}`) }]),
  JSON.stringify(["y".repeat(1_500_000)]),
  "\u0000\u0001\u0002",
];

// React's multipart reply done wrong: each of these made Next answer 500 before proxy screening
// learned React's rules (a typed reference to the wrong shape, a part sent after the one that
// refers to it, a path that does not resolve).
const MALFORMED_PARTS: [string, string][][] = [
  [
    ["0", '["$F1"]'],
    ["1", "{}"],
  ],
  [
    ["1", "{}"],
    ["0", '["$F1"]'],
  ],
  [
    ["1", "{}"],
    ["0", '["$Q1"]'],
  ],
  [
    ["1", "{}"],
    ["0", '["$W1"]'],
  ],
  [
    ["1", "{}"],
    ["0", '["$i1"]'],
  ],
  [
    ["1", "null"],
    ["0", '["$h1"]'],
  ],
  [
    ["1", "[]"],
    ["0", '["$A1"]'],
  ],
  [
    ["1", "[]"],
    ["0", '["$C1"]'],
  ],
  [
    ["0", '["$1"]'],
    ["1", "{}"],
  ],
  [
    ["1", "{}"],
    ["0", '["$1:a"]'],
  ],
  [
    ["1", '{"a":1}'],
    ["0", '["$1:a:b"]'],
  ],
  [
    ["1", "{}"],
    ["0", '["$1:__proto__"]'],
  ],
  [["0", '[{"a":1},"$0:2"]']],
  [
    ["_1_x", "y"],
    ["0", '["$K1"]'],
  ],
];

const CONTENT_TYPES = [
  "text/plain;charset=UTF-8",
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=fuzz",
  "multipart/form-data",
  "application/octet-stream",
];

const jsonish = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify([value])),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.constantFrom(...MALFORMED_BODIES),
  // References of every kind, so random parts get to point at each other.
  fc
    .tuple(
      fc.constantFrom(..."@FQWihABCKRSTXx".split(""), ""),
      fc.constantFrom("0", "1", "2"),
      fc.constantFrom("", ":0", ":a", ":a:b"),
    )
    .map(([kind, chunk, path]) => JSON.stringify([`$${kind}${chunk}${path}`])),
  fc
    .record({ regions: fc.anything(), categories: fc.anything(), from: fc.string(), to: fc.string() })
    .map((value) => JSON.stringify([value])),
);

function multipart(fields: [string, string][]): string {
  return (
    fields
      .map(([name, value]) => `--fuzz\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + "--fuzz--\r\n"
  );
}

const actionRequest = fc.oneof(
  fc.record({ type: fc.constantFrom(...CONTENT_TYPES), body: jsonish }),
  fc.record({
    type: fc.constant("multipart/form-data; boundary=fuzz"),
    body: fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom("0", "1", "2", "1_a", "_1_a"), fc.string({ maxLength: 5 })),
          jsonish,
        ),
        {
          maxLength: 4,
        },
      )
      .map(multipart),
  }),
);

function identities(): [string, Record<string, string>][] {
  return [
    ["anonymous", {}],
    ["viewer", { cookie: viewerCookie }],
  ];
}

test("random and malformed bodies to every server action: no 5xx, no crash, nothing stored changes", async () => {
  test.setTimeout(600_000);
  const actions = serverActions();
  expect(actions.map((action) => action.name)).toContain("getOverview");
  const before = tableChecksums(database, WRITES_BY_DESIGN);
  const post = (action: ServerAction, headers: Record<string, string>, type: string, body: string) =>
    send(`action ${action.name}`, `${server.url}${action.page}`, {
      method: "POST",
      headers: { ...actionHeaders(action, type), ...headers },
      body,
    });
  for (const action of actions)
    for (const [, headers] of identities()) {
      for (const body of MALFORMED_BODIES)
        for (const type of CONTENT_TYPES)
          expect(
            await post(action, headers, type, body),
            `${action.name} ${type} ${body.slice(0, 40)}`,
          ).toBeLessThan(500);
      for (const parts of MALFORMED_PARTS)
        expect(
          await post(action, headers, "multipart/form-data; boundary=fuzz", multipart(parts)),
          `${action.name} multipart ${JSON.stringify(parts)}`,
        ).toBeLessThan(500);
      await fc.assert(
        fc.asyncProperty(
          actionRequest,
          async ({ type, body }) => (await post(action, headers, type, body)) < 500,
        ),
        { numRuns: RUNS },
      );
    }
  // Ids that are not actions of this build.
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 1, maxLength: 60 }),
        fc.string({ maxLength: 60 }),
      ),
      async (id) => {
        const status = await send("unknown action ids", `${server.url}/`, {
          method: "POST",
          headers: {
            "Next-Action": id.replace(/[^\x20-\x7e]/g, "x"),
            "Content-Type": "text/plain;charset=UTF-8",
          },
          body: "[]",
        });
        return status < 500;
      },
    ),
    { numRuns: RUNS },
  );
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  expect(tableChecksums(database, WRITES_BY_DESIGN)).toEqual(before);
});

test("random requests to every route handler: no 5xx, no crash, nothing stored changes", async () => {
  test.setTimeout(300_000);
  const { handlers } = appRoutes();
  expect(handlers).toContain("/api/health");
  const before = tableChecksums(database, WRITES_BY_DESIGN);
  const segment = fc.oneof(
    fc.constantFrom(
      "session",
      "csrf",
      "providers",
      "signin",
      "signout",
      "callback/credentials",
      "error",
      "..",
      "%2e%2e",
    ),
    fc.webSegment(),
  );
  for (const handler of handlers) {
    // Catch-all and dynamic segments get random values.
    const concrete = (value: string) => handler.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, value);
    for (const [, headers] of identities())
      await fc.assert(
        fc.asyncProperty(
          segment,
          fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
          fc.webQueryParameters(),
          fc.record({ type: fc.constantFrom(...CONTENT_TYPES), body: jsonish }),
          async (value, method, query, { type, body }) => {
            const url = `${server.url}${concrete(value)}?${query}`;
            const status = await send(`route ${handler}`, url, {
              method,
              headers: { ...headers, "Content-Type": type },
              body: method === "GET" ? undefined : body,
            });
            return status < 500;
          },
        ),
        { numRuns: RUNS },
      );
  }
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  expect(tableChecksums(database, WRITES_BY_DESIGN)).toEqual(before);
});

const MALFORMED_QUERIES = [
  "%",
  "%E0%A4%A",
  "from=%ZZ",
  "from=2025-02-30&to=2025-01-01",
  "region=%00",
  "region=" + "West&region=".repeat(500),
  "from=" + "9".repeat(4_000),
  "callbackUrl=//evil.example&callbackUrl=https://evil.example",
  "__proto__[x]=1&constructor[prototype][y]=2",
  "a=1&&&=&==",
];

test("malformed query strings on every page: no 5xx, no crash", async () => {
  test.setTimeout(300_000);
  const { pages } = appRoutes();
  expect(pages).toContain("/");
  const get = (page: string, query: string, headers: Record<string, string>) =>
    send(`page ${page}`, `${server.url}${page}?${query}`, { headers });
  for (const page of pages.filter((p) => !p.includes("[")))
    for (const [, headers] of identities()) {
      for (const query of MALFORMED_QUERIES)
        expect(await get(page, query, headers), `${page}?${query.slice(0, 60)}`).toBeLessThan(500);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.webQueryParameters(),
            fc
              .array(
                fc.tuple(
                  fc.constantFrom("region", "category", "channel", "from", "to", "granularity"),
                  fc.string({ maxLength: 30 }),
                ),
                { maxLength: 6 },
              )
              .map((pairs) => new URLSearchParams(pairs).toString()),
          ),
          async (query) => (await get(page, query, headers)) < 500,
        ),
        { numRuns: RUNS },
      );
    }
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  expect(server.child.exitCode).toBeNull();
});
