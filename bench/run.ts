// `npm run bench [-- --rows 1000000] [--quick]`: measures the Overview (server query set, page
// load, filter interaction, Lighthouse) and authentication (login, per-request session check) over
// 1M- and 5M-order demo databases against a production build in .next-bench, prints a summary and
// writes bench/results.md. It reports; it never fails on a missed target (exit 1 only when a step
// could not run).
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as prettier from "prettier";
import {
  gzippedJavaScript,
  launchBrowser,
  measureInteraction,
  measurePageLoad,
  CHROMIUM_PATH,
  type InteractionSession,
  type PageLoadRun,
} from "./browser";
import { ensureDemoUsers, measureLogin } from "./auth";
import { datasetImportMarkdown, type DatasetImportTimes } from "./datasets-import";
import { explorerMarkdown, type ExplorerTimes } from "./explorer-times";
import { ensureDatabase } from "./database";
import { jobsLoadMarkdown, measureJobsLoad, type JobsLoadResult } from "./jobs-load";
import { fanoutReport, measureLiveFanout } from "./live-fanout";
import { runLighthouse, type LighthouseResult, type Preset } from "./lighthouse";
import { runChild } from "./processes";
import type { DetailsTimes } from "./details-times";
import type { QueryTimes } from "./query-times";
import type { SessionTimes } from "./session-times";
import type { StoresTimes } from "./stores-times";
import {
  consoleSummary,
  markdownReport,
  type Machine,
  type Plan,
  type Report,
  type SizeResult,
} from "./report";
import { build, buildState, DIST_DIR, startServer } from "./server";

const root = path.resolve(import.meta.dirname, "..");
/** Overview latency idle vs while jobs run, per size (bench/jobs-load.ts); appended to the report. */
const jobsLoad = new Map<number, JobsLoadResult>();
const workDir = path.join(root, "bench/.tmp");

interface Options {
  sizes: number[];
  quick: boolean;
  /** --live [--clients N]: only the live page's SSE fan-out (bench/live-fanout.ts). */
  live: number | null;
  /** `--explorer-only`: just the dataset Explorer timings (bench/explorer-times.ts). */
  explorerOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const sizes: number[] = [];
  let quick = false;
  let live: number | null = null;
  let explorerOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") quick = true;
    else if (arg === "--explorer-only") explorerOnly = true;
    else if (arg === "--live") live ??= 200;
    else if (arg === "--clients") {
      live = Number(argv[++i]);
      if (!Number.isInteger(live) || live < 2 || live > 5000)
        throw new Error(`--clients expects a whole number from 2 to 5000, got "${argv[i]}"`);
    } else if (arg === "--rows" || arg.startsWith("--rows=")) {
      const value = arg.includes("=") ? arg.slice("--rows=".length) : argv[++i];
      for (const part of (value ?? "").split(",")) {
        const rows = Number(part.replace(/_/g, ""));
        if (!Number.isInteger(rows) || rows < 1000)
          throw new Error(`--rows expects whole numbers >= 1000, got "${part}"`);
        sizes.push(rows);
      }
    } else throw new Error(`unknown argument "${arg}" (use --rows N[,N...], --quick and/or --explorer-only)`);
  }
  return { sizes: sizes.length ? sizes : [1_000_000, 5_000_000], quick, live, explorerOnly };
}

const PLAN: Record<"full" | "quick", Plan> = {
  full: {
    combos: 200,
    cachedCalls: 2000,
    pageLoads: 5,
    sessions: 2,
    changes: 10,
    revisits: 4,
    lighthouseRuns: 3,
    sessionCalls: 2000,
    logins: 20,
    pageGets: 10,
  },
  quick: {
    combos: 60,
    cachedCalls: 500,
    pageLoads: 3,
    sessions: 1,
    changes: 6,
    revisits: 3,
    lighthouseRuns: 1,
    sessionCalls: 2000,
    logins: 20,
    pageGets: 5,
  },
};

function machine(): Machine {
  const sh = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return "unknown";
    }
  };
  const release = fs.existsSync("/etc/os-release") ? fs.readFileSync("/etc/os-release", "utf8") : "";
  const dirty = sh("git", [
    "status",
    "--porcelain",
    "--",
    "app",
    "components",
    "lib",
    "db",
    "next.config.ts",
  ]);
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    ramGiB: os.totalmem() / 2 ** 30,
    os: `${/PRETTY_NAME="([^"]+)"/.exec(release)?.[1] ?? os.type()} (Linux ${os.release()})`,
    node: process.version,
    chromium: sh(CHROMIUM_PATH, ["--version"]).split("\n").pop() ?? "unknown",
    commit: sh("git", ["rev-parse", "--short", "HEAD"]),
    uncommittedSources: dirty === "" || dirty === "unknown" ? 0 : dirty.split("\n").length,
    loadAtStart: os.loadavg(),
  };
}

async function queryTimes(databaseFile: string, combos: number, cachedCalls: number): Promise<QueryTimes> {
  const output = await runChild(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "bench/query-times.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: databaseFile,
        BENCH_QUERY_COMBOS: String(combos),
        BENCH_CACHED_CALLS: String(cachedCalls),
      },
      capture: true,
      logFile: path.join(workDir, "query-times.log"),
    },
  );
  const last = output.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as QueryTimes;
}

async function detailsTimes(databaseFile: string, quick: boolean): Promise<DetailsTimes> {
  const output = await runChild(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "bench/details-times.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: databaseFile,
        BENCH_DETAILS_REPS: quick ? "3" : "7",
        BENCH_DETAILS_RANDOM: quick ? "60" : "200",
      },
      capture: true,
      logFile: path.join(workDir, "details-times.log"),
    },
  );
  const last = output.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as DetailsTimes;
}

async function sessionTimes(databaseFile: string, calls: number): Promise<SessionTimes> {
  const output = await runChild(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "bench/session-times.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: databaseFile,
        AUTH_SECRET: process.env.AUTH_SECRET || crypto.randomBytes(32).toString("base64"),
        BENCH_SESSION_CALLS: String(calls),
      },
      capture: true,
      logFile: path.join(workDir, "session-times.log"),
    },
  );
  const last = output.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as SessionTimes;
}

/** bench/datasets-import.ts in its own process (its own database and peak RSS); target < 30 s. */
async function datasetImport(): Promise<{ result: DatasetImportTimes | null; error?: string }> {
  console.log("\n== CSV import, 1,000,000 rows x 10 columns ==");
  try {
    const output = await runChild(
      process.execPath,
      [
        path.join(root, "node_modules/tsx/dist/cli.mjs"),
        "--conditions=react-server",
        "bench/datasets-import.ts",
      ],
      {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production" },
        capture: true,
        logFile: path.join(workDir, "datasets-import.log"),
      },
    );
    const result = JSON.parse(output.trim().split("\n").pop() ?? "") as DatasetImportTimes;
    console.log(
      `  analysis + import ${result.totalSeconds.toFixed(1)} s (target < 30 s), peak RSS ${result.peakRssMiB.toFixed(0)} MiB`,
    );
    return { result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`  FAILED: ${message.split("\n")[0]}`);
    return { result: null, error: message };
  }
}

/** Store panel query times (bench/stores-times.ts), by database size; reported in their own section. */
const storePanels = new Map<number, StoresTimes>();

async function storesTimes(databaseFile: string, samples: number): Promise<StoresTimes> {
  const output = await runChild(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "bench/stores-times.ts"],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_PATH: databaseFile,
        BENCH_STORE_SAMPLES: String(samples),
      },
      capture: true,
      logFile: path.join(workDir, "stores-times.log"),
    },
  );
  return JSON.parse(output.trim().split("\n").pop() ?? "") as StoresTimes;
}

function storePanelSection(): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows = [...storePanels].map(
    ([orders, t]) =>
      `| ${orders.toLocaleString("en-US")} | ${ms(t.uncached.p50)} | ${ms(t.uncached.p95)} | ${ms(t.uncachedCpu.p95)} | ${ms(t.wholeRange.p95)} | ${t.payloadBytes.toLocaleString("en-US")} B | ${t.load.map((l) => l.toFixed(1)).join(" → ")} |`,
  );
  return [
    "",
    "## Stores page: store panel (bench/stores-times.ts)",
    "",
    "Uncached server time of one store's panel (KPIs with cost and profit, revenue trend, top 10",
    "products, channel mix) for random stores, date ranges, categories and channels; target p95 < 50 ms.",
    "",
    "| Orders | p50 | p95 | p95, CPU time | p95, whole five years | Payload (one year, weekly) | Load |",
    "| -----: | --: | --: | ------------: | --------------------: | -------------------------: | ---: |",
    ...rows,
    "",
  ].join("\n");
}

/** The Explorer on a generated 1M-row x 10-column dataset, in its own process (targets < 300 ms, < 200 kB). */
async function explorerTimes(quick: boolean): Promise<ExplorerTimes> {
  const output = await runChild(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      "bench/explorer-times.ts",
      "--rows",
      "1000000",
      "--reps",
      quick ? "1" : "3",
    ],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production" },
      capture: true,
      logFile: path.join(workDir, "explorer-times.log"),
    },
  );
  return JSON.parse(output.trim().split("\n").pop() ?? "") as ExplorerTimes;
}

/** Runs one phase; a failure is recorded in the result instead of losing the other phases. */
async function phase<T>(name: string, size: SizeResult, run: () => Promise<T>): Promise<T | null> {
  const started = Date.now();
  // The 1-minute load average around each phase shows how much the shared machine was doing.
  const loadBefore = os.loadavg()[0]!;
  process.stdout.write(`  ${name} ... `);
  const record = () =>
    size.phases.push({
      name,
      seconds: (Date.now() - started) / 1000,
      loadBefore,
      loadAfter: os.loadavg()[0]!,
    });
  try {
    const result = await run();
    record();
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return result;
  } catch (error) {
    record();
    const message = error instanceof Error ? error.message : String(error);
    console.log(`FAILED: ${message.split("\n")[0]}`);
    size.errors.push(`${name}: ${message}`);
    return null;
  }
}

async function measureSize(rows: number, plan: Plan): Promise<SizeResult> {
  console.log(`\n== ${rows.toLocaleString("en-US")} orders ==`);
  const database = await ensureDatabase(root, rows, workDir);
  const result: SizeResult = {
    rows,
    database: { ...database, bytes: fs.statSync(database.file).size },
    query: null,
    serverStartupMs: null,
    pageLoad: null,
    interaction: null,
    lighthouse: [],
    bcryptCost: null,
    session: null,
    login: null,
    phases: [],
    errors: [],
  };
  // Query times first and alone: the server and the browser would share the two cores with it.
  result.query = await phase("server query times", result, () =>
    queryTimes(database.file, plan.combos, plan.cachedCalls),
  );
  result.details = await phase("details table times", result, () =>
    detailsTimes(database.file, plan === PLAN.quick),
  );
  result.bcryptCost = await phase("demo users", result, () =>
    ensureDemoUsers(root, database.file, path.join(workDir, `demo-users-${rows}.log`)),
  );
  result.session = await phase("session check", result, () => sessionTimes(database.file, plan.sessionCalls));
  const panels = await phase("store panel times", result, () =>
    storesTimes(database.file, plan === PLAN.quick ? 100 : 300),
  );
  if (panels) storePanels.set(rows, panels);

  const server = await phase("start server", result, () =>
    startServer(root, database.file, path.join(workDir, `server-${rows}.log`)),
  );
  if (!server) return result;
  result.serverStartupMs = server.startupMs;
  try {
    // Before the browser phases, while the server has the machine to itself: a cost-12 bcrypt
    // check takes a core for a quarter of a second.
    result.login = await phase("login", result, () => measureLogin(server.url, plan.logins, plan.pageGets));
    const jobs = await phase("jobs load", result, () =>
      measureJobsLoad(root, DIST_DIR, server.url, database.file, plan.pageGets * 6),
    );
    if (jobs) jobsLoad.set(rows, jobs);
    const browser = await launchBrowser();
    try {
      result.pageLoad = await phase("page load", result, async () => {
        // The first load after start-up pays for the server's lazy module loading and JIT warm-up;
        // it is reported on its own and left out of the median.
        const first = await measurePageLoad(browser, `${server.url}/`);
        const runs: PageLoadRun[] = [];
        for (let i = 0; i < plan.pageLoads; i++) runs.push(await measurePageLoad(browser, `${server.url}/`));
        const js = await gzippedJavaScript(runs.flatMap((run) => run.js.map((file) => file.url)));
        return { first, runs, js };
      });
      result.interaction = await phase("filter interaction", result, async () => {
        const visited = new Set<string>();
        const sessions: InteractionSession[] = [];
        for (let i = 0; i < plan.sessions; i++) {
          sessions.push(
            await measureInteraction(browser, `${server.url}/`, {
              changes: plan.changes,
              revisits: plan.revisits,
              seed: 1000 + i,
              visited,
            }),
          );
        }
        return sessions;
      });
    } finally {
      await browser.close();
    }
    for (const preset of ["mobile", "desktop"] as Preset[]) {
      const lighthouse: LighthouseResult | null = await phase(`lighthouse (${preset})`, result, () =>
        runLighthouse(root, `${server.url}/`, preset, plan.lighthouseRuns, workDir, String(rows)),
      );
      if (lighthouse) result.lighthouse.push(lighthouse);
    }
  } finally {
    await server.stop();
  }
  return result;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const plan = options.quick ? PLAN.quick : PLAN.full;
  const command = [
    "npm run bench",
    ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : []),
  ].join(" ");
  fs.mkdirSync(workDir, { recursive: true });
  if (options.explorerOnly) {
    const times = await explorerTimes(options.quick);
    const file = path.join(root, "bench/explorer-results.md");
    fs.writeFileSync(file, `# Chartroom benchmark: dataset Explorer\n${explorerMarkdown(times, command)}`);
    console.log(explorerMarkdown(times, command));
    return;
  }
  const started = new Date();
  if (options.live !== null) return liveFanout(options.live, options.quick, command, started);
  const host = machine();

  const state = buildState(root);
  let buildNote = `reused ${DIST_DIR} (built ${state.builtAt?.toISOString()})`;
  if (!state.current) {
    console.log(`Building into ${DIST_DIR} (missing or older than the sources) ...`);
    const t = Date.now();
    await build(root, path.join(workDir, "build.log"));
    buildNote = `built into ${DIST_DIR} by this run in ${((Date.now() - t) / 1000).toFixed(0)} s`;
  }
  console.log(buildNote);

  const sizes: SizeResult[] = [];
  for (const rows of options.sizes) sizes.push(await measureSize(rows, plan));
  const csvImport = await datasetImport();

  const report: Report = {
    command,
    started,
    finished: new Date(),
    quick: options.quick,
    plan,
    machine: { ...host, loadAtEnd: os.loadavg() },
    buildNote,
    sizes,
  };
  const resultsFile = path.join(root, "bench/results.md");
  // The reliability suite (npm run test:reliability) owns its section of the file between markers;
  // it is carried over and put back at the end.
  const previous = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8") : "";
  const reliability = /<!-- reliability:start -->[\s\S]*<!-- reliability:end -->\n?/.exec(previous)?.[0];
  const jobsSections = [...jobsLoad].map(([rows, result]) => `\n${jobsLoadMarkdown(rows, result)}`).join("");
  fs.writeFileSync(
    resultsFile,
    markdownReport(report) +
      (storePanels.size ? storePanelSection() : "") +
      jobsSections +
      datasetImportMarkdown(csvImport.result, csvImport.error),
  );
  try {
    fs.appendFileSync(resultsFile, explorerMarkdown(await explorerTimes(options.quick), command));
  } catch (error) {
    console.log(`Explorer timings FAILED: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    process.exitCode = 1;
  }
  if (reliability) fs.appendFileSync(resultsFile, `\n${reliability}`);
  fs.writeFileSync(path.join(workDir, "results.json"), JSON.stringify(report, null, 2));
  console.log(`\n${consoleSummary(report)}\nWrote ${path.relative(root, resultsFile)}`);
  if (sizes.some((size) => size.errors.length > 0) || !csvImport.result) process.exitCode = 1;
}

async function liveFanout(clients: number, quick: boolean, command: string, started: Date): Promise<void> {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.log("Building into .next ...");
    await runChild("npm", ["run", "build"], { cwd: root, logFile: path.join(workDir, "build.log") });
  }
  console.log(`Live fan-out: ${clients} SSE clients ...`);
  const result = await measureLiveFanout(root, workDir, { clients, seconds: quick ? 10 : 20 });
  const file = path.join(root, "bench/live-fanout.md");
  // Written as Prettier would, so `npm run lint` passes on the committed result.
  const report = await prettier.format(fanoutReport(result, command, started), {
    ...(await prettier.resolveConfig(file)),
    filepath: file,
  });
  fs.writeFileSync(file, report);
  console.log(`\n${report}\nWrote bench/live-fanout.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  // Child process groups are killed by the exit handler in processes.ts.
  process.exit();
});
