import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { actionHeaders, serverActions } from "./support/actions";
import { tableChecksums } from "./support/checksum";
import { integrityCheck, killDuringWrite } from "./support/faults";
import { BASE_PORT, ROOT, TMP } from "./support/paths";
import { tableRows, writeReportPart } from "./support/report";
import { DEMO_USERS, sessionCookie, signedIn } from "./support/session";
import { copyTemplate, launch, lines, startServer } from "./support/server";

// Faults: the server killed with SIGKILL in the middle of writes, and a database it cannot write.
// The CSV import and background jobs will add their own long writes to killDuringWrite.

const PORT = BASE_PORT + 6;
const outcomes: (string | number)[][] = [];

test.afterAll(() => {
  writeReportPart(
    "5-faults",
    ["### Faults", "", "| Fault | Result |", "| --- | --- |", ...tableRows(outcomes)].join("\n"),
  );
});

test("kill -9 during a stream of admin writes: the database is intact and every acknowledged write is there", async () => {
  const database = copyTemplate("kill-writes");
  const ordersBefore = tableChecksums(database, ["users", "login_failures", "revoked_sessions"]);
  const server = await startServer(PORT, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
  const context = await signedIn(server.url, DEMO_USERS.alice);
  const cookie = await sessionCookie(context);
  await context.dispose();
  const createUser = serverActions().find((action) => action.name === "createUser")!;

  // Four concurrent writers, each creating users one after another until the server dies.
  const acknowledged = await killDuringWrite(server, 2_500, async (signal) => {
    const done: string[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (writer) => {
        for (let i = 0; !signal.aborted; i++) {
          const username = `crash${writer}x${i}`;
          try {
            const response = await fetch(`${server.url}${createUser.page}`, {
              method: "POST",
              headers: { ...actionHeaders(createUser), cookie },
              body: JSON.stringify([{ username, password: "long enough password 1", role: "viewer" }]),
            });
            if ((await response.text()).includes('"ok":true')) done.push(username);
          } catch {
            return; // the server is gone
          }
        }
      }),
    );
    return done;
  });
  expect(await server.exited).toBe("SIGKILL");
  expect(acknowledged.length).toBeGreaterThan(0);

  expect(integrityCheck(database)).toBe("ok");
  const db = new Database(database, { readonly: true });
  const present = new Set(
    db.prepare("SELECT username FROM users WHERE username LIKE 'crash%'").pluck().all() as string[],
  );
  db.close();
  for (const username of acknowledged) expect(present.has(username), username).toBe(true);
  expect(tableChecksums(database, ["users", "login_failures", "revoked_sessions"])).toEqual(ordersBefore);

  // And it starts again on the same file.
  const again = await startServer(PORT, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
  expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
  expect(await again.stop()).toBe(0);
  outcomes.push([
    `SIGKILL after 2.5 s of 4 concurrent createUser writers (${acknowledged.length} acknowledged)`,
    "integrity_check ok; all acknowledged users present; other tables unchanged; restarts healthy",
  ]);
});

test("kill -9 during the long demo-data write: the database is intact and what was committed before is there", async () => {
  const dir = path.join(TMP, "kill-seed");
  fs.rmSync(dir, { recursive: true, force: true });
  const database = path.join(dir, "chartroom.db");
  const env = { ...process.env, DATABASE_PATH: database, BCRYPT_COST: "4" };
  const tsx = [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "db/cli.ts"];
  // Committed first: the schema and the demo users.
  execFileSync(process.execPath, [...tsx, "demo-users"], { cwd: ROOT, env, stdio: "ignore" });
  const usersBefore = tableChecksums(database, []).users;

  // Then a write that takes several seconds (2M orders in one transaction), killed in the middle.
  const seed = launch(
    0,
    { DATABASE_PATH: database, BCRYPT_COST: "4", DEMO_ROWS: "2000000", PORT: undefined },
    { cwd: ROOT, command: [process.execPath, ...tsx, "seed"] },
  );
  const deadline = Date.now() + 60_000;
  while (!/orders \d+%/.test(seed.output()) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(seed.output()).toMatch(/orders \d+%/);
  if (seed.child.pid) process.kill(-seed.child.pid, "SIGKILL");
  await seed.exited;

  expect(integrityCheck(database)).toBe("ok");
  const db = new Database(database, { readonly: true });
  const orders = db.prepare("SELECT COUNT(*) FROM orders").pluck().get();
  db.close();
  // All or nothing: the half-written orders were rolled back, the users are exactly as committed.
  expect(orders).toBe(0);
  expect(tableChecksums(database, []).users).toBe(usersBefore);
  outcomes.push([
    "SIGKILL in the middle of generating 2,000,000 orders (one transaction)",
    "integrity_check ok; 0 orders (rolled back); users unchanged",
  ]);
});

test("a database the server cannot write stops it with one clear line, every time, instead of serving half-broken", async () => {
  const cases: [string, () => string][] = [
    [
      "read-only file",
      () => {
        const database = copyTemplate("read-only-file");
        fs.chmodSync(database, 0o444);
        return database;
      },
    ],
    [
      "read-only folder",
      () => {
        const dir = path.join(TMP, "read-only-dir");
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { mode: 0o555 });
        fs.chmodSync(dir, 0o555);
        return path.join(dir, "chartroom.db");
      },
    ],
  ];
  // root ignores file modes: run the server as an unprivileged user, as the Docker image does.
  const asUnprivileged =
    process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : [];
  for (const [name, prepare] of cases) {
    const database = prepare();
    for (const attempt of [1, 2]) {
      const server = launch(PORT, { DATABASE_PATH: database }, { wrap: asUnprivileged });
      const code = await Promise.race([
        server.exited,
        new Promise((r) => setTimeout(() => r("timeout"), 30_000)),
      ]);
      if (code === "timeout") await server.stop(1_000);
      const stderr = lines(server.stderr());
      expect(code, `${name} #${attempt}: ${server.output()}`).toBe(1);
      expect(stderr, `${name} #${attempt}`).toHaveLength(1);
      expect(stderr[0]).toMatch(
        /^Chartroom cannot start: the database at DATABASE_PATH (is not writable|cannot be opened)/,
      );
    }
  }
  outcomes.push([
    "Read-only database file / read-only folder (server as uid 65534)",
    "exit 1 with one line naming DATABASE_PATH, the same on a second start",
  ]);
});
