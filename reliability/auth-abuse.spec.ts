import http from "node:http";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import { expect, request, test } from "@playwright/test";
import { actionHeaders, serverActions, type ServerAction } from "./support/actions";
import { BASE_PORT } from "./support/paths";
import { tableRows, writeReportPart } from "./support/report";
import { DEMO_USERS, sessionCookie, signedIn } from "./support/session";
import { copyTemplate, startServer, TEST_SECRET, type StandaloneServer } from "./support/server";

// Auth abuse against the production standalone server: tampered, forged and expired session
// cookies, cross-site action calls, open redirects through the login return path, and path
// traversal through the file-serving routes. Every attempt must be refused.

let server: StandaloneServer;
let database: string;
let bobCookie: string;
let aliceCookie: string;
const outcomes: (string | number)[][] = [];

// As the browser sends filters (lib/overview/filters-wire.ts): every region, category and channel.
const FILTERS = [0, 0, 0, "2025-01-01", "2025-12-31", "week"];

function action(name: string): ServerAction {
  const found = serverActions().find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no action ${name} in this build`);
  return found;
}

async function callAction(target: ServerAction, args: unknown[], headers: Record<string, string>) {
  const response = await fetch(`${server.url}${target.page}`, {
    method: "POST",
    headers: { ...actionHeaders(target), ...headers },
    body: JSON.stringify(args),
    redirect: "manual",
  });
  return { status: response.status, text: await response.text() };
}

/** The action did not run: the guard sent it to /login, or the action itself said "not signed in". */
function expectRefused(answer: { status: number; text: string }): void {
  expect(answer.text).not.toContain('"ok":true');
  const redirected = answer.status >= 300 && answer.status < 400 && answer.text.includes("/login");
  expect(redirected || answer.text.includes("not signed in"), answer.text.slice(0, 200)).toBe(true);
}

async function dashboardStatus(cookie: string): Promise<number> {
  return (await fetch(`${server.url}/dashboard`, { headers: { cookie }, redirect: "manual" })).status;
}

const BOB_ID = () => {
  const db = new Database(database, { readonly: true });
  const row = db.prepare("SELECT id, session_version AS sv FROM users WHERE username = 'bob'").get() as {
    id: number;
    sv: number;
  };
  db.close();
  return row;
};

/** A session token for bob as next-auth would mint it, signed with `secret`, valid for `maxAge` s. */
async function forgedCookie(secret: string, maxAge: number): Promise<string> {
  const { id, sv } = BOB_ID();
  const token = await encode({
    token: { sub: String(id), name: "bob", uid: id, sv, sid: "forged-session-id-1234" },
    secret,
    maxAge,
  });
  return `next-auth.session-token=${token}`;
}

test.beforeAll(async () => {
  database = copyTemplate("auth-abuse");
  server = await startServer(BASE_PORT + 5, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
  for (const [user, set] of [
    [DEMO_USERS.bob, (c: string) => (bobCookie = c)],
    [DEMO_USERS.alice, (c: string) => (aliceCookie = c)],
  ] as const) {
    const context = await signedIn(server.url, user);
    set(await sessionCookie(context));
    await context.dispose();
  }
});

test.afterAll(async () => {
  await server?.stop();
  writeReportPart(
    "4-auth-abuse",
    [
      "### Auth abuse",
      "",
      "Every attempt below was refused (the run fails otherwise).",
      "",
      "| Attempt | Cases | Outcome |",
      "| --- | --- | --- |",
      ...tableRows(outcomes),
    ].join("\n"),
  );
});

test("a tampered or forged session cookie is refused by pages and actions", async () => {
  expect(await dashboardStatus(bobCookie)).toBe(200);
  const [name, value] = bobCookie.split("=", 2) as [string, string];
  const middle = Math.floor(value.length / 2);
  const flipped = value[middle] === "A" ? "B" : "A";
  const tampered = [
    `${name}=${value.slice(0, middle)}${flipped}${value.slice(middle + 1)}`,
    `${name}=${value.slice(0, -4)}`,
    `${name}=${value}x`,
    `${name}=`,
    `${name}=${"A".repeat(value.length)}`,
    await forgedCookie("a-different-secret-of-enough-length-123456", 3600),
  ];
  const dashboard = action("getDashboard");
  for (const cookie of tampered) {
    expect(await dashboardStatus(cookie)).toBe(307);
    const answer = await callAction(dashboard, [FILTERS], { cookie });
    expectRefused(answer);
  }
  outcomes.push([
    "Tampered, truncated, empty or foreign-key session cookie",
    tampered.length,
    "page: 307 to /login; action: redirected to /login by the guard, never run",
  ]);
});

test("an expired session is refused, while the same token unexpired is accepted", async () => {
  expect(await dashboardStatus(await forgedCookie(TEST_SECRET, 3600))).toBe(200);
  const expired = await forgedCookie(TEST_SECRET, -60);
  expect(await dashboardStatus(expired)).toBe(307);
  const answer = await callAction(action("getDashboard"), [FILTERS], { cookie: expired });
  expectRefused(answer);
  outcomes.push([
    "Correctly signed session that expired a minute ago",
    1,
    "page: 307 to /login; action: never run",
  ]);
});

test("a cross-site call of an admin action is refused before it runs", async () => {
  const createUser = action("createUser");
  const newUser = (username: string) => [{ username, password: "long enough password 1", role: "admin" }];
  const origins = [
    "http://evil.example",
    "null",
    `http://127.0.0.1:${server.port}.evil.example`,
    "https://127.0.0.1",
  ];
  for (const origin of origins) {
    const answer = await callAction(createUser, newUser(`csrf${origins.indexOf(origin)}`), {
      cookie: aliceCookie,
      origin,
    });
    expect(answer.status, origin).toBe(403);
  }
  // The same call from the app's own origin works, so it was the Origin that was refused.
  const sameSite = await callAction(createUser, newUser("samesite"), {
    cookie: aliceCookie,
    origin: server.url,
  });
  expect(sameSite.text).toContain('"ok":true');
  const db = new Database(database, { readonly: true });
  const created = db
    .prepare("SELECT username FROM users WHERE username LIKE 'csrf%' OR username = 'samesite'")
    .pluck()
    .all();
  db.close();
  expect(created).toEqual(["samesite"]);
  outcomes.push([
    "Admin action (createUser) with a foreign Origin and a valid admin cookie",
    origins.length,
    "403, nothing written",
  ]);
});

const EVIL_CALLBACKS = [
  "https://evil.example/",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%2F%2Fevil.example",
  "javascript:alert(1)",
  "http://127.0.0.1@evil.example/",
  " //evil.example",
  "/\t/evil.example",
];

test("the login return path never leads off the site", async () => {
  for (const callbackUrl of EVIL_CALLBACKS) {
    const api = await request.newContext({ baseURL: server.url, maxRedirects: 0 });
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await api.post("/api/auth/callback/credentials", {
      form: { ...DEMO_USERS.bob, csrfToken, callbackUrl, json: "true" },
    });
    const { url } = (await response.json()) as { url: string };
    expect(new URL(url, server.url).origin, callbackUrl).toBe(server.url);
    // And the login page does not render the foreign address as a link or redirect target.
    const page = await api.get(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect(page.status()).toBeLessThan(500);
    const location = page.headers()["location"];
    if (location) expect(new URL(location, server.url).origin).toBe(server.url);
    await api.dispose();
  }
  outcomes.push([
    "Foreign or scheme-relative callbackUrl on login",
    EVIL_CALLBACKS.length,
    "redirects stay on the site",
  ]);
});

/** A GET with the path sent exactly as written (fetch would normalize "..").  */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: server.port, path: rawPath, method: "GET" },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

test("path traversal through the file-serving routes is refused", async () => {
  const targets = ["package.json", "etc/passwd", ".next/required-server-files.json", "server.js"];
  const prefixes = ["/vendor/", "/topojson/", "/_next/static/", "/_next/image?url=/", "/api/health/", "/"];
  const climbs = [
    "../../../../",
    "..%2f..%2f..%2f..%2f",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/",
    "..%5c..%5c..%5c..%5c",
    "....//....//",
    "%252e%252e%252f%252e%252e%252f",
  ];
  let cases = 0;
  for (const prefix of prefixes)
    for (const climb of climbs)
      for (const target of targets) {
        const { status, body } = await rawGet(`${prefix}${climb}${target}`);
        cases++;
        expect(status, `${prefix}${climb}${target}`).toBeLessThan(500);
        expect(body).not.toContain('"name": "chartroom"');
        expect(body).not.toContain("root:x:0:0");
        expect(body).not.toContain("__NEXT_PRIVATE_STANDALONE_CONFIG");
        expect(body).not.toContain('"appDir"');
      }
  // The same files are really there: the routes serve their own folders and nothing above them.
  expect((await rawGet("/topojson/" + (await firstFile("/topojson/")))).status).toBe(200);
  outcomes.push([
    "`..` in raw, encoded, double-encoded and backslash forms under /vendor, /topojson, /_next",
    cases,
    "no file outside public/ or .next/static served",
  ]);
});

async function firstFile(prefix: string): Promise<string> {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const { APP_DIR } = await import("./support/paths");
  return fs.readdirSync(path.join(APP_DIR, "public", prefix))[0]!;
}
