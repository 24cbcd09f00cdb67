import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, request, test } from "@playwright/test";
import { logIn } from "../e2e/support/auth";
import { actionHeaders, serverActions } from "./support/actions";
import { tableChecksums } from "./support/checksum";
import { importUpload, uploadCsv, writeCsv, type ImportLine } from "./support/datasets";
import { integrityCheck, killDuringWrite, killServer, waitFor } from "./support/faults";
import { EXPORT_ALL_ORDERS, startJob } from "./support/jobs";
import { BASE_PORT, ROOT, TEMPLATE_DB, TMP } from "./support/paths";
import { tableRows, writeReportPart } from "./support/report";
import { seededDatabase } from "./support/seed";
import { DEMO_USERS, sessionCookie, signedIn } from "./support/session";
import { copyTemplate, launch, lines, startServer, type StandaloneServer } from "./support/server";

// Faults: the server killed with SIGKILL in the middle of writes (user writes, the demo-data
// generator, a CSV import, a background job), and a database it cannot write.

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

/** Runs `read` on a fresh read-only connection (no checkpoint on close, so a crashed WAL stays as it was). */
function readDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The dataset catalogue as plain SQL sees it: ds_* tables and datasets rows. */
function catalogue(file: string) {
  return readDb(file, (db) => ({
    tables: (
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'ds_[0-9]*'")
        .pluck()
        .all() as string[]
    ).sort(),
    datasets: db.prepare("SELECT id, status, row_count AS rowCount FROM datasets ORDER BY id").all() as {
      id: number;
      status: string;
      rowCount: number;
    }[],
  }));
}

/** A dataset's catalogue row count, its table's COUNT(*) and a SHA-256 of every row in _row order. */
function datasetDigest(file: string, id: number) {
  // The table name is made here from an integer id the datasets table gave, never from input.
  const table = `ds_${Math.trunc(id)}`;
  return readDb(file, (db) => {
    const hash = crypto.createHash("sha256");
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY _row`).raw().iterate())
      hash.update(JSON.stringify(row));
    return {
      catalogued: db.prepare("SELECT row_count FROM datasets WHERE id = ?").pluck().get(id) as number,
      rows: db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number,
      sha256: hash.digest("hex"),
    };
  });
}

function committedElsewhere(file: string) {
  return readDb(file, (db) => ({
    orders: db.prepare("SELECT COUNT(*) FROM orders").pluck().get() as number,
    users: db.prepare("SELECT username, role, password_hash FROM users ORDER BY id").all(),
  }));
}

/** Tables that logins write to; every other table must come through a crash unchanged. */
const LOGIN_TABLES = ["login_failures", "revoked_sessions"];

/** Rows of the CSV cut off by the kill: the staging phase (~25,000 rows per progress line) takes seconds. */
const BIG_CSV_ROWS = 300_000;

test("kill -9 while a CSV import streams its progress: start-up removes the half import, earlier datasets and rows are intact", async () => {
  const database = copyTemplate("kill-import");
  const uploads = path.join(path.dirname(database), "uploads");
  const csvDir = path.join(TMP, "kill-import-csv");
  fs.rmSync(csvDir, { recursive: true, force: true });
  fs.mkdirSync(csvDir, { recursive: true });
  const smallCsv = path.join(csvDir, "before.csv");
  const bigCsv = path.join(csvDir, "big.csv");
  writeCsv(smallCsv, 2_000);
  writeCsv(bigCsv, BIG_CSV_ROWS);

  let server: StandaloneServer = await startServer(PORT, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
  try {
    const context = await signedIn(server.url, DEMO_USERS.bob);
    const cookie = await sessionCookie(context);
    await context.dispose();

    // A dataset imported (and acknowledged) before the crash.
    const first = await importUpload(
      server.url,
      cookie,
      await uploadCsv(server.url, cookie, smallCsv),
      "Before",
    );
    const done = first.at(-1);
    expect(done, JSON.stringify(first)).toMatchObject({ type: "done", rows: 2_000 });
    const keptId = (done as Extract<ImportLine, { type: "done" }>).id;
    // Its Explorer cubes are built by a worker right after the import: let them settle before the
    // snapshot, so it holds what a crash must keep.
    await waitFor(
      "the first dataset's cubes",
      () =>
        readDb(
          database,
          (db) =>
            db
              .prepare("SELECT COUNT(*) FROM dataset_cubes WHERE dataset_id = ? AND cells IS NULL")
              .pluck()
              .get(keptId) === 0,
        ) || undefined,
    );
    const kept = datasetDigest(database, keptId);
    expect(kept).toMatchObject({ catalogued: 2_000, rows: 2_000 });
    const tablesBefore = tableChecksums(database, LOGIN_TABLES);
    const elsewhereBefore = committedElsewhere(database);

    // The big import, killed as soon as its second progress line arrives.
    const big = await uploadCsv(server.url, cookie, bigCsv);
    expect(big.rowCount).toBe(BIG_CSV_ROWS);
    let killedAt: ImportLine | null = null;
    let killed: Promise<number | string> | null = null;
    const started = Date.now();
    const seen = await importUpload(server.url, cookie, big, "Cut off", (line) => {
      if (killed || line.type !== "progress" || line.phase !== "rows") return;
      if (line.rows >= 50_000) {
        killedAt = line;
        killed = killServer(server);
      }
    });
    const killMs = Date.now() - started;
    expect(killed, `no second progress line: ${JSON.stringify(seen)}`).not.toBeNull();
    expect(await killed).toBe("SIGKILL");
    const cutAt = (killedAt as Extract<ImportLine, { type: "progress" }> | null)!;
    expect(cutAt.rows).toBeLessThan(BIG_CSV_ROWS);
    expect(seen.some((line) => line.type === "done")).toBe(false);

    // What the crash left: the reserved 'importing' row and the staging file, no table yet.
    const crashed = catalogue(database);
    const cutOff = crashed.datasets.find((dataset) => dataset.status === "importing");
    expect(cutOff, JSON.stringify(crashed)).toBeDefined();
    expect(crashed.tables).not.toContain(`ds_${cutOff!.id}`);
    expect(fs.readdirSync(uploads).filter((name) => name.includes(".staging.db"))).not.toEqual([]);

    // Restart on the same files.
    server = await startServer(PORT, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
    expect(integrityCheck(database)).toBe("ok");
    const after = catalogue(database);
    expect(after.datasets.filter((dataset) => dataset.status !== "ready")).toEqual([]);
    // Every ds_* table has its ready datasets row, and every ready row its table.
    expect(after.tables).toEqual(after.datasets.map((dataset) => `ds_${dataset.id}`).sort());
    expect(after.datasets.map((dataset) => dataset.id)).toEqual([keptId]);
    expect(fs.readdirSync(uploads).filter((name) => name.includes(".staging.db"))).toEqual([]);
    expect(datasetDigest(database, keptId)).toEqual(kept);
    expect(committedElsewhere(database)).toEqual(elsewhereBefore);
    expect(tableChecksums(database, LOGIN_TABLES)).toEqual(tablesBefore);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(integrityCheck(database)).toBe("ok");

    outcomes.push([
      `SIGKILL during a CSV import of ${BIG_CSV_ROWS.toLocaleString("en-US")} rows, at the progress line of ${cutAt.rows.toLocaleString("en-US")} rows (${(killMs / 1000).toFixed(1)} s in)`,
      "integrity_check ok; the 'importing' row and staging file removed at start-up, no ds_* table without a ready row; the dataset imported before (2,000 rows) has the same row count and SHA-256; orders, users and every other table unchanged",
    ]);
  } finally {
    await server.stop(2_000);
  }
});

/** Orders in the jobs case's database: exporting them all takes a few seconds (~100,000 rows/s). */
const JOB_ORDERS = 200_000;

test("kill -9 during a running export job: at restart it is failed, its partial file gone, and the queued job behind it completes", async () => {
  const database = seededDatabase("kill-job", JOB_ORDERS);
  const exportsDir = path.join(path.dirname(database), "exports");
  const env = { DATABASE_PATH: database, LOG_LEVEL: "warn", JOB_CONCURRENCY: "1" };
  let server: StandaloneServer = await startServer(PORT, env);
  try {
    const context = await signedIn(server.url, DEMO_USERS.alice);
    const cookie = await sessionCookie(context);
    await context.dispose();
    const elsewhereBefore = committedElsewhere(database);
    const jobOf = (id: number) =>
      readDb(
        database,
        (db) =>
          db.prepare("SELECT status, progress, error FROM jobs WHERE id = ?").get(id) as {
            status: string;
            progress: number;
            error: string | null;
          },
      );

    await startJob(server.url, cookie, EXPORT_ALL_ORDERS);
    await startJob(server.url, cookie, { kind: "forecast" });
    const [exportId, forecastId] = readDb(
      database,
      (db) => db.prepare("SELECT id FROM jobs ORDER BY id").pluck().all() as number[],
    );
    expect(exportId && forecastId).toBeTruthy();
    const partial = path.join(exportsDir, `job-${exportId}.csv`);

    // Running, past the count (progress 1) and with rows on disk; the forecast waits behind it.
    const running = await waitFor("the export to be running with rows written", () => {
      const job = jobOf(exportId!);
      const bytes = fs.existsSync(partial) ? fs.statSync(partial).size : 0;
      return job.status === "running" && job.progress >= 3 && bytes > 0 ? { ...job, bytes } : undefined;
    });
    expect(jobOf(forecastId!).status).toBe("queued");
    expect(await killServer(server)).toBe("SIGKILL");
    expect(jobOf(exportId!).status).toBe("running");
    expect(fs.existsSync(partial)).toBe(true);

    server = await startServer(PORT, env);
    const failed = jobOf(exportId!);
    expect(failed).toEqual({
      status: "failed",
      progress: failed.progress,
      error: "Interrupted by a server restart",
    });
    expect(fs.existsSync(partial)).toBe(false);
    const forecast = await waitFor(
      "the queued forecast to finish",
      () => {
        const job = jobOf(forecastId!);
        return job.status === "queued" || job.status === "running" ? undefined : job;
      },
      60_000,
      200,
    );
    expect(forecast).toMatchObject({ status: "succeeded", progress: 100 });
    expect(
      readDb(database, (db) =>
        db.prepare("SELECT COUNT(*) FROM jobs WHERE status = 'running'").pluck().get(),
      ),
    ).toBe(0);
    expect(integrityCheck(database)).toBe("ok");
    expect(committedElsewhere(database)).toEqual(elsewhereBefore);
    expect(await server.stop()).toBe(0);
    expect(fs.readdirSync(exportsDir)).toEqual([]);

    outcomes.push([
      `SIGKILL during an export of all ${JOB_ORDERS.toLocaleString("en-US")} orders (running, ${running.progress}%, ${Math.round(running.bytes / 1024)} kB written), a forecast queued behind it`,
      'integrity_check ok; at restart the export is failed ("Interrupted by a server restart"), its partial file deleted, the queued forecast succeeds; orders and users unchanged',
    ]);
  } finally {
    await server.stop(2_000);
  }
});

/** Room left on the disk-full case's tmpfs beyond the database copy: the WAL, -shm and start-up files. */
const DISK_SLACK_KB = 4 * 1024;

test("a full disk under the database: writes get a clear error, the server keeps serving reads, and recovers once space is freed", async () => {
  const mountDir = fs.mkdtempSync(path.join(TMP, "disk-full-"));
  const templateKb = Math.ceil(fs.statSync(TEMPLATE_DB).size / 1024);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${templateKb + DISK_SLACK_KB}k`, "tmpfs", mountDir], {
      stdio: "pipe",
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    fs.rmSync(mountDir, { recursive: true, force: true });
    throw new Error(
      `the disk-full case needs root (it mounts a small tmpfs): run the reliability suite as root. mount said: ${stderr}`,
    );
  }
  let server: StandaloneServer | null = null;
  try {
    const database = path.join(mountDir, "chartroom.db");
    fs.copyFileSync(TEMPLATE_DB, database);
    server = await startServer(PORT, { DATABASE_PATH: database, LOG_LEVEL: "warn" });
    const url = server.url;
    // Signed in before the disk fills: a login writes too (it clears the login_failures rows).
    const context = await signedIn(url, DEMO_USERS.alice);
    const cookie = await sessionCookie(context);
    await context.dispose();
    const createUser = serverActions().find((action) => action.name === "createUser")!;
    const create = async (username: string) => {
      const response = await fetch(`${url}${createUser.page}`, {
        method: "POST",
        headers: { ...actionHeaders(createUser), cookie },
        body: JSON.stringify([{ username, password: "long enough password 1", role: "viewer" }]),
      });
      return { status: response.status, text: await response.text() };
    };
    const usernames = () =>
      readDb(
        database,
        (db) =>
          db.prepare("SELECT username FROM users WHERE username LIKE 'full%'").pluck().all() as string[],
      );
    // A failed login records a login_failures row, so it is a write any visitor can cause.
    const failedLogin = async () => {
      const visitor = await request.newContext({ baseURL: url, maxRedirects: 0 });
      try {
        return await logIn(visitor, { username: "alice", password: "wrong password" });
      } finally {
        await visitor.dispose();
      }
    };
    const failures = () =>
      readDb(
        database,
        (db) =>
          db.prepare("SELECT COUNT(*) FROM login_failures WHERE key = 'user:alice'").pluck().get() as number,
      );
    expect((await create("fullbefore")).text).toContain('"ok":true');

    // Fill every byte left, in ever smaller chunks until even 512 bytes do not fit.
    const filler = path.join(mountDir, "filler");
    const fd = fs.openSync(filler, "w");
    let filled = 0;
    try {
      for (const size of [1024 * 1024, 64 * 1024, 4096, 512]) {
        const chunk = Buffer.alloc(size, 0x55);
        for (;;) {
          try {
            filled += fs.writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
            break;
          }
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    expect(filled).toBeGreaterThan(0);

    const refused: { status: number; text: string }[] = [];
    for (let i = 0; i < 5; i++) refused.push(await create(`fullduring${i}`));
    for (const answer of refused) {
      expect(answer.status, answer.text).toBe(200);
      expect(answer.text).toContain('"ok":false');
      expect(answer.text).toContain("The server's disk is full");
      expect(answer.text).not.toMatch(/SQLITE_FULL|at .+\.js:\d+|Internal Server Error/);
    }
    const failuresBefore = failures();
    expect(await failedLogin()).toBe("Login is unavailable right now. Please try again.");
    expect(failures()).toBe(failuresBefore);
    // Still running and still serving reads while the disk is full.
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${url}/`, { headers: { cookie } })).status).toBe(200);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(usernames()).toEqual(["fullbefore"]);

    // Space back: writes work again on the same process.
    fs.rmSync(filler);
    expect((await create("fullafter")).text).toContain('"ok":true');
    expect(await failedLogin()).toBe("Incorrect username or password.");
    expect(failures()).toBe(failuresBefore + 1);
    expect(server.child.exitCode).toBeNull();
    expect(await server.stop()).toBe(0);
    expect(integrityCheck(database)).toBe("ok");
    expect(usernames().sort()).toEqual(["fullafter", "fullbefore"]);

    outcomes.push([
      `Disk full under the database (tmpfs of ${Math.round((templateKb + DISK_SLACK_KB) / 1024)} MB, ${Math.round(filled / 1024)} kB of filler), 5 createUser writes and a failed login`,
      'each write answered {ok:false, "The server\'s disk is full..."}, the login "Login is unavailable right now", nothing written; the server kept running, GET / 200 and /api/health ok; after deleting the filler a write succeeds; integrity_check ok after stop',
    ]);
  } finally {
    await server?.stop(2_000);
    try {
      execFileSync("umount", [mountDir], { stdio: "pipe" });
    } catch {
      execFileSync("umount", ["-l", mountDir], { stdio: "pipe" });
    }
    fs.rmSync(mountDir, { recursive: true, force: true });
  }
});
