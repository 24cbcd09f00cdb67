import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, request, test } from "@playwright/test";
import { migrations } from "../db/migrate";
import { logIn } from "../e2e/support/auth";
import { APP_DIR, BASE_PORT, ROOT, TMP } from "./support/paths";
import { actionHeaders, serverActions } from "./support/actions";
import { copyTemplate, launch, lines, startServer } from "./support/server";
import { STANDALONE } from "./support/standalone";

const { ASSEMBLY, BUILD_STEPS, RUNTIME_ENV, START_COMMAND } = STANDALONE;

// The deployable artifact: the Dockerfile and scripts/standalone.mjs describe the same steps, and
// the server they assemble starts on an empty volume, serves, logs in and validates its settings.

const PORT = BASE_PORT;

function dockerfile() {
  const text = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const stages: { name: string; lines: string[] }[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[1] ?? "", lines: [] });
    else if (line && !line.startsWith("#")) stages.at(-1)?.lines.push(line);
  }
  return stages;
}

function healthcheckCommand(): string[] {
  const runtime = dockerfile().at(-1)!;
  const line = runtime.lines.find((l) => l.startsWith("HEALTHCHECK"))!;
  return JSON.parse(line.slice(line.indexOf("CMD ") + 4)) as string[];
}

test("the Dockerfile builds, copies, configures and starts exactly what scripts/standalone.mjs does", () => {
  const stages = dockerfile();
  const build = stages.find((stage) => stage.name === "build");
  const runtime = stages.at(-1);
  expect(build && runtime).toBeTruthy();
  const runs = build!.lines.filter((line) => line.startsWith("RUN ")).map((line) => line.slice(4));
  expect(runs).toEqual(BUILD_STEPS);

  const copies = runtime!.lines
    .filter((line) => line.startsWith("COPY --from=build"))
    .map((line) => {
      const [from, to] = line.split(/\s+/).slice(-2) as [string, string];
      return [from.replace(/^\/app\//, ""), to.replace(/^\.\//, "").replace(/^$/, ".") || "."];
    });
  expect(copies).toEqual(ASSEMBLY.map(([from, to]) => [from, to]));

  const envLines = runtime!.lines.filter((line) => line.startsWith("ENV "));
  const dockerEnv = Object.fromEntries(
    envLines.map((line) => line.slice(4).split("=", 2) as [string, string]),
  );
  for (const [name, value] of Object.entries(RUNTIME_ENV)) expect(dockerEnv[name], name).toBe(value);
  // The image-specific defaults: all interfaces, the usual port, the database on the volume.
  expect(dockerEnv).toMatchObject({ HOSTNAME: "0.0.0.0", PORT: "3000", DATABASE_PATH: "/data/chartroom.db" });

  const cmd = runtime!.lines.find((line) => line.startsWith("CMD "));
  expect(JSON.parse(cmd!.slice(4))).toEqual(START_COMMAND);
  expect(runtime!.lines).toContain("USER chartroom");
  expect(runtime!.lines).toContain("VOLUME /data");
  expect(runtime!.lines.some((line) => line.startsWith("HEALTHCHECK") && line.includes("/api/health"))).toBe(
    true,
  );
  expect(stages.every((stage) => stage.lines.every((line) => !/\bcurl\b/.test(line)))).toBe(true);
});

test("the assembled server carries its native SQLite binary and no database file", () => {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? files(full) : [full];
    });
  const all = files(APP_DIR);
  expect(all.some((file) => file.endsWith("better_sqlite3.node"))).toBe(true);
  expect(all.filter((file) => /\.db(-wal|-shm)?$/.test(file))).toEqual([]);
  for (const file of ["server.js", "preflight.mjs", "user.mjs", ".next/static", "public/topojson"])
    expect(fs.existsSync(path.join(APP_DIR, file)), file).toBe(true);
});

test("on an empty volume the standalone server migrates, serves /, /login and /api/health, and logs in", async () => {
  const volume = path.join(TMP, "volume");
  fs.rmSync(volume, { recursive: true, force: true });
  const database = path.join(volume, "chartroom.db");
  const server = await startServer(PORT, { DATABASE_PATH: database });
  try {
    const db = new Database(database, { readonly: true });
    const applied = db.prepare("SELECT id FROM schema_migrations ORDER BY id").pluck().all();
    db.close();
    expect(applied).toEqual(migrations.map((migration) => migration.id).sort((a, b) => a - b));

    // The first admin, created the way the README tells Docker users to.
    execFileSync(process.execPath, ["user.mjs", "add", "ops", "--role", "admin"], {
      cwd: APP_DIR,
      input: "correct horse battery\n",
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_PATH: database, BCRYPT_COST: "8" },
    });

    const api = await request.newContext({ baseURL: server.url, maxRedirects: 0 });
    for (const page of ["/", "/login"]) expect((await api.get(page)).status(), page).toBe(200);
    const health = await api.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await api.get("/dashboard")).status()).toBe(307);
    expect(await logIn(api, { username: "ops", password: "correct horse battery" })).toBeNull();
    expect((await api.get("/dashboard")).status()).toBe(200);
    expect((await api.get("/admin/users")).status()).toBe(200);
    await api.dispose();

    // The image's HEALTHCHECK command, run as Docker would run it inside the container.
    const [node, ...args] = healthcheckCommand();
    expect(node).toBe("node");
    execFileSync(process.execPath, args, {
      env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(PORT) },
    });
    expect(() =>
      execFileSync(process.execPath, args, {
        env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(PORT + 9) },
        stdio: "ignore",
      }),
    ).toThrow();
  } finally {
    expect(await server.stop()).toBe(0);
  }
  // Every request got a structured log line with its request id; no cookie or password in any.
  const logs = lines(server.output()).filter((line) => line.startsWith("{"));
  const requests = logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((l) => l.msg === "request");
  expect(requests.length).toBeGreaterThanOrEqual(6);
  for (const entry of requests) expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(server.output()).not.toContain("correct horse battery");
  expect(server.output()).not.toContain("session-token=");
});

const BAD_SETTINGS: [string, Record<string, string | undefined>][] = [
  ["PORT", { PORT: "abc" }],
  ["PORT", { PORT: "70000" }],
  ["DEMO_ROWS", { DEMO_ROWS: "-1" }],
  ["BCRYPT_COST", { BCRYPT_COST: "99" }],
  ["CACHE_TTL_MS", { CACHE_TTL_MS: "1e3" }],
  ["SESSION_MAX_AGE", { SESSION_MAX_AGE: "forever" }],
  ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
  ["SHUTDOWN_TIMEOUT_MS", { SHUTDOWN_TIMEOUT_MS: "soon" }],
  ["NEXTAUTH_URL", { NEXTAUTH_URL: "not a url" }],
  ["AUTH_SECRET", { AUTH_SECRET: undefined }],
  ["AUTH_SECRET", { AUTH_SECRET: "changeme-changeme-changeme-changeme" }],
  ["AUTH_SECRET", { AUTH_SECRET: "Zq8#kW" }],
];

test("a missing or invalid setting stops the server with exit code 1 and one line naming it", async () => {
  test.setTimeout(120_000);
  const database = path.join(TMP, "config", "chartroom.db");
  for (const [name, settings] of BAD_SETTINGS) {
    const server = launch(PORT, { DATABASE_PATH: database, ...settings });
    const code = await Promise.race([
      server.exited,
      new Promise((resolve) => setTimeout(() => resolve("timeout"), 20_000)),
    ]);
    if (code === "timeout") await server.stop(1_000);
    const stderr = lines(server.stderr());
    expect(code, `${name}: ${server.output()}`).toBe(1);
    expect(stderr, `${name}: ${server.output()}`).toHaveLength(1);
    expect(stderr[0]).toMatch(new RegExp(`^Chartroom cannot start: .*\\b${name}\\b.*(expected|generate)`));
    // Secrets are never echoed back.
    if (settings.AUTH_SECRET) expect(stderr[0]).not.toContain(settings.AUTH_SECRET);
  }
  // Nothing was served, so nothing was created either.
  expect(fs.existsSync(database)).toBe(false);
});

test("npm start (next start over the same build) still serves and stops cleanly", async () => {
  const database = path.join(TMP, "npm-start", "chartroom.db");
  fs.rmSync(path.dirname(database), { recursive: true, force: true });
  const server = await startServer(
    PORT + 1,
    { DATABASE_PATH: database, NEXT_MANUAL_SIG_HANDLE: undefined },
    { cwd: ROOT, command: [process.execPath, "scripts/start.mjs"] },
  );
  expect((await fetch(`${server.url}/login`)).status).toBe(200);
  expect(await server.stop()).toBe(0);
  expect(lines(server.stderr())).toEqual([]);

  // Its settings check (instrumentation.ts) gives the same single line.
  const refused = launch(
    PORT + 1,
    { DATABASE_PATH: database, BCRYPT_COST: "99", NEXT_MANUAL_SIG_HANDLE: undefined },
    { cwd: ROOT, command: [process.execPath, "scripts/start.mjs"] },
  );
  expect(await refused.exited).toBe(1);
  expect(lines(refused.stderr())).toEqual([
    "Chartroom cannot start: Invalid setting BCRYPT_COST: expected a whole number from 4 to 15.",
  ]);
});

test("SIGTERM lets an in-flight request finish, refuses new ones, checkpoints the WAL and exits 0", async () => {
  const database = copyTemplate("shutdown");
  const server = await startServer(PORT + 2, { DATABASE_PATH: database });
  const overview = serverActions().find((action) => action.name === "getOverview")!;
  try {
    // A write, so the WAL holds something to fold back: a failed login is recorded.
    const api = await request.newContext({ baseURL: server.url });
    expect(await logIn(api, { username: "bob", password: "wrong password" })).not.toBeNull();
    await api.dispose();
    expect(fs.statSync(`${database}-wal`).size).toBeGreaterThan(0);

    // A slow request: headers now, half the body, the rest two seconds after SIGTERM.
    const body = JSON.stringify([[0, 0, 0, "2025-01-01", "2025-12-31", "month"]]);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${server.url}${overview.page}`,
        {
          method: "POST",
          headers: { ...actionHeaders(overview), "Content-Length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(20)), 2_000);
      }, 500);
    });
    // Meanwhile the listener is closed: a new connection is refused.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(text).toContain('"ok":true');
    expect(await server.exited).toBe(0);
  } finally {
    await server.stop();
  }
  const wal = `${database}-wal`;
  expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  expect(server.output()).toContain('"msg":"shutdown complete"');
});
