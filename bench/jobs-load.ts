// Does a background job slow the web server down? Overview page and action latency (p50/p95) on an
// idle server, then while forecasts run back to back, then while a full export of every order runs,
// against a production server over a demo database. Jobs are started the way the /jobs page starts
// them (the startJob server action with a session cookie) and followed through GET /api/jobs.
//
// Wired into `npm run bench` (bench/run.ts); also runs alone over the existing .next build:
//   tsx --conditions=react-server bench/jobs-load.ts [--rows 1000000] [--samples 60] [--port 3482]
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BENCH_LOGIN, ensureDemoUsers } from "./auth";
import { ensureDatabase } from "./database";
import { startChild } from "./processes";
import { seededRandom, summarize, type Summary } from "./stats";
import { wholeDemoPeriod } from "../lib/overview/filters";

const REGIONS = ["North", "South", "East", "West", "Central"];
const FIRST_DAY = Date.parse("2021-01-01T00:00:00Z");
const DAYS = 5 * 365;

interface LatencyPhase {
  page: Summary;
  action: Summary;
}

interface JobPhase extends LatencyPhase {
  kind: "forecast" | "export";
  /** Jobs that finished while the phase ran, and how long each took in its worker (queued to done). */
  jobs: number;
  jobMs: Summary;
  /** Share of the phase's wall time during which a job was running. */
  busyShare: number;
}

export interface JobsLoadResult {
  samples: number;
  idle: LatencyPhase;
  forecast: JobPhase;
  export: JobPhase;
}

interface JobView {
  id: number;
  kind: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function actionIds(root: string, distDir: string): Record<string, string> {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, distDir, "server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string; filename?: string }> };
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node))
    if (entry.exportedName && entry.filename) ids[`${entry.filename}#${entry.exportedName}`] = id;
  const needed = ["lib/actions/jobs.ts#startJob", "lib/actions/overview.ts#getOverview"];
  for (const name of needed) if (!ids[name]) throw new Error(`action ${name} not in the build's manifest`);
  return ids;
}

async function sessionCookie(url: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((line) => line.split(";")[0]!);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") },
    body: new URLSearchParams({ ...BENCH_LOGIN, csrfToken, callbackUrl: "/", json: "true" }),
  });
  await response.arrayBuffer();
  const session = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .find((pair) => pair.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`login as ${BENCH_LOGIN.username} failed (${response.status})`);
  return session;
}

async function callAction(url: string, page: string, id: string, arg: unknown, cookie?: string) {
  const response = await fetch(`${url}${page}`, {
    method: "POST",
    headers: {
      "Next-Action": id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: JSON.stringify([arg]),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`action ${id} on ${page} answered ${response.status}`);
  return text;
}

/** A random Overview filter state; every phase draws its own, so none is served from the cache. */
function randomFilters(random: () => number) {
  const day = (offset: number) => new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
  const a = Math.floor(random() * DAYS);
  const b = Math.floor(random() * DAYS);
  const regions = REGIONS.filter(() => random() < 0.5);
  return {
    regions,
    categories: [],
    channels: [],
    from: day(Math.min(a, b)),
    to: day(Math.max(a, b)),
    granularity: (["day", "week", "month"] as const)[Math.floor(random() * 3)]!,
  };
}

async function latencies(
  url: string,
  overviewAction: string,
  samples: number,
  seed: number,
): Promise<LatencyPhase> {
  const random = seededRandom(seed);
  const page: number[] = [];
  const action: number[] = [];
  for (let i = 0; i < samples; i++) {
    const f = randomFilters(random);
    const query = new URLSearchParams({ from: f.from, to: f.to, granularity: f.granularity });
    if (f.regions.length) query.set("region", f.regions.join(","));
    let started = performance.now();
    const response = await fetch(`${url}/?${query}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET / answered ${response.status}`);
    page.push(performance.now() - started);
    started = performance.now();
    await callAction(url, "/", overviewAction, randomFilters(random));
    action.push(performance.now() - started);
  }
  return { page: summarize(page), action: summarize(action) };
}

async function listJobs(url: string, cookie: string): Promise<JobView[]> {
  const response = await fetch(`${url}/api/jobs`, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`GET /api/jobs answered ${response.status}`);
  return ((await response.json()) as { jobs: JobView[] }).jobs;
}

/**
 * Keeps jobs of `kind` running back to back (the user may have one of a kind at a time) while the
 * latencies are measured, then waits for the last one.
 */
async function underLoad(
  url: string,
  ids: Record<string, string>,
  cookie: string,
  kind: "forecast" | "export",
  samples: number,
  seed: number,
): Promise<JobPhase> {
  const input =
    kind === "forecast"
      ? { kind }
      : {
          kind,
          filters: wholeDemoPeriod("week"),
        };
  const seen = new Set((await listJobs(url, cookie)).map((job) => job.id));
  const durations: number[] = [];
  let stop = false;
  let busyMs = 0;
  const driver = (async () => {
    while (!stop) {
      await callAction(url, "/jobs", ids["lib/actions/jobs.ts#startJob"]!, input, cookie);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const mine = (await listJobs(url, cookie)).find((job) => job.kind === kind && !seen.has(job.id));
        if (!mine || mine.status === "queued" || mine.status === "running") continue;
        seen.add(mine.id);
        if (mine.status !== "succeeded") throw new Error(`${kind} job ${mine.id} ended ${mine.status}`);
        const ms = Date.parse(mine.finishedAt!) - Date.parse(mine.startedAt!);
        durations.push(ms);
        busyMs += ms;
        break;
      }
    }
  })();
  // Let the first job reach its worker before measuring.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = performance.now();
  let measured: LatencyPhase;
  try {
    measured = await latencies(url, ids["lib/actions/overview.ts#getOverview"]!, samples, seed);
  } finally {
    stop = true;
  }
  const wall = performance.now() - started;
  await driver;
  return {
    kind,
    ...measured,
    jobs: durations.length,
    jobMs: summarize(durations),
    busyShare: Math.min(1, busyMs / wall),
  };
}

/** `databaseFile` is the server's: the exports the run made are removed from beside it afterwards. */
export async function measureJobsLoad(
  root: string,
  distDir: string,
  url: string,
  databaseFile: string,
  samples: number,
): Promise<JobsLoadResult> {
  const ids = actionIds(root, distDir);
  const cookie = await sessionCookie(url);
  // Warm-up: module loading and JIT on the first requests are not what this measures.
  await latencies(url, ids["lib/actions/overview.ts#getOverview"]!, 5, 99);
  const idle = await latencies(url, ids["lib/actions/overview.ts#getOverview"]!, samples, 1);
  const forecast = await underLoad(url, ids, cookie, "forecast", samples, 2);
  const exported = await underLoad(url, ids, cookie, "export", samples, 3);
  fs.rmSync(path.join(path.dirname(databaseFile), "exports"), { recursive: true, force: true });
  return { samples, idle, forecast, export: exported };
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");

export function jobsLoadMarkdown(rows: number, result: JobsLoadResult): string {
  const line = (label: string, phase: LatencyPhase, extra: string) =>
    `| ${label} | ${ms(phase.page.p50)} | ${ms(phase.page.p95)} (${(phase.page.p95 / result.idle.page.p95).toFixed(2)}x) | ${ms(phase.action.p50)} | ${ms(phase.action.p95)} (${(phase.action.p95 / result.idle.action.p95).toFixed(2)}x) | ${extra} |`;
  const jobs = (phase: JobPhase) =>
    `${phase.jobs} ${phase.kind}s, each ${ms(phase.jobMs.p50)} median (max ${ms(phase.jobMs.max)}), a job running ${(phase.busyShare * 100).toFixed(0)}% of the time`;
  return [
    `### Background jobs: Overview latency while jobs run (${rows.toLocaleString("en-US")} orders)`,
    "",
    `${result.samples} sequential Overview page GETs and ${result.samples} getOverview actions per phase, each with its own random filter state (no cache hits). Target: p95 under load within 2x of idle.`,
    "",
    "| Phase | Page p50 | Page p95 (vs idle) | Action p50 | Action p95 (vs idle) | Jobs |",
    "| --- | --- | --- | --- | --- | --- |",
    line("Idle", result.idle, "none"),
    line("Forecasts back to back", result.forecast, jobs(result.forecast)),
    line("Export of every order", result.export, jobs(result.export)),
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const rows = option("rows", 1_000_000);
  const samples = option("samples", 60);
  const port = option("port", 3482);
  const root = path.resolve(import.meta.dirname, "..");
  const workDir = path.join(root, "bench/.tmp");
  fs.mkdirSync(workDir, { recursive: true });
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID")))
    throw new Error(`no build in ${distDir}: npm run build`);
  const database = await ensureDatabase(root, rows, workDir);
  await ensureDemoUsers(root, database.file, path.join(workDir, `demo-users-${rows}.log`));
  const server = startChild(
    process.execPath,
    [
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_DIST_DIR: distDir,
        DATABASE_PATH: database.file,
        NEXT_TELEMETRY_DISABLED: "1",
        AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      },
      logFile: path.join(workDir, `jobs-load-server-${rows}.log`),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (tries > 480) throw new Error("the server did not start");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const result = await measureJobsLoad(root, distDir, url, database.file, samples);
    console.log(jobsLoadMarkdown(rows, result));
    fs.writeFileSync(path.join(workDir, `jobs-load-${rows}.json`), JSON.stringify(result, null, 2));
  } finally {
    await server.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, "jobs-load.ts"))
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
