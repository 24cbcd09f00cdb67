// `npx tsx --conditions=react-server bench/datasets-import.ts [rows]`: generates a CSV of `rows`
// (default 1,000,000) x 10 columns of every type, then runs the upload analysis (structure check
// and type inference) and the import exactly as /datasets does, into a fresh database under
// bench/.tmp. Prints a summary and one JSON object (DatasetImportTimes) on the last line; bench/run.ts
// runs it as a child and adds its section to results.md. Target: analysis + import < 30 s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

export interface DatasetImportTimes {
  rows: number;
  columns: number;
  csvBytes: number;
  generateSeconds: number;
  analyseSeconds: number;
  importSeconds: number;
  /** Staging is done; the one transaction that creates ds_N and copies the rows. */
  publishSeconds: number;
  totalSeconds: number;
  /** CPU time (user + system) of analysis + import: what the wall time would be on an idle core. */
  cpuSeconds: number;
  /** 1-minute load average when the timed part started (the machine is shared). */
  loadAverage: number;
  peakRssMiB: number;
  /** Longest the event loop was blocked during analysis + import (what other requests wait). */
  maxEventLoopBlockMs: number;
  /** Independent SQL over ds_N equals the generator's own totals. */
  verified: boolean;
}

export const DATASET_IMPORT_TARGET_SECONDS = 30;

export function datasetImportMarkdown(result: DatasetImportTimes | null, error?: string): string {
  const lines = ["", "## CSV import (/datasets)", ""];
  if (!result) return [...lines, `Could not run: ${error ?? "unknown error"}`, ""].join("\n");
  const ok = result.totalSeconds < DATASET_IMPORT_TARGET_SECONDS && result.verified;
  lines.push(
    `\`bench/datasets-import.ts\`: a generated ${(result.csvBytes / 2 ** 20).toFixed(0)} MB CSV, ${result.rows.toLocaleString("en-US")} rows x ${result.columns} columns (integer, number, date, datetime, boolean, text), through the upload analysis and the import.`,
    "",
    "| Measure | Value | Target |",
    "| --- | --- | --- |",
    `| Analysis (structure check, type inference) | ${result.analyseSeconds.toFixed(1)} s | |`,
    `| Import (parse, convert, stage, one transaction) | ${result.importSeconds.toFixed(1)} s | |`,
    `| of which the publishing transaction | ${result.publishSeconds.toFixed(1)} s | |`,
    `| **Analysis + import** | **${result.totalSeconds.toFixed(1)} s** | < ${DATASET_IMPORT_TARGET_SECONDS} s ${ok ? "(met)" : "(MISSED)"} |`,
    `| CPU time of analysis + import (load average ${result.loadAverage.toFixed(1)} at start) | ${result.cpuSeconds.toFixed(1)} s | |`,
    `| Peak RSS of the process | ${result.peakRssMiB.toFixed(0)} MiB | |`,
    `| Longest event-loop block | ${result.maxEventLoopBlockMs.toFixed(0)} ms | |`,
    `| Row count and column sums equal independent SQL | ${result.verified ? "yes" : "NO"} | |`,
    "",
  );
  return lines.join("\n");
}

// Deterministic data (xorshift32), so runs are comparable.
function generator(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const CITIES = ["Seattle", "Boston", "Austin", "Denver", "Chicago, IL", 'The "Big" Apple', "Zürich"];

export async function generateCsv(file: string, rows: number): Promise<{ qtySum: number; flagSum: number }> {
  const random = generator(42);
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve()));
  await write("id,store,city,amount,qty,day,sold at,returned,score,note\n");
  let qtySum = 0;
  let flagSum = 0;
  let chunk: string[] = [];
  const base = Date.UTC(2021, 0, 1);
  for (let i = 1; i <= rows; i++) {
    const qty = 1 + Math.floor(random() * 20);
    const returned = random() < 0.1;
    qtySum += qty;
    flagSum += returned ? 1 : 0;
    const at = new Date(base + Math.floor(random() * 5 * 365 * 86_400) * 1000).toISOString();
    const city = CITIES[i % CITIES.length]!;
    const quoted = city.includes(",") || city.includes('"') ? `"${city.replace(/"/g, '""')}"` : city;
    chunk.push(
      `${i},S${1 + (i % 60)},${quoted},${(random() * 500).toFixed(2)},${qty},${at.slice(0, 10)},${at.slice(0, 19).replace("T", " ")},${returned},${(random() * 10 - 5).toExponential(3)},${i % 17 === 0 ? "" : `note ${i % 1000}`}`,
    );
    if (chunk.length === 10_000) {
      await write(chunk.join("\n") + "\n");
      chunk = [];
    }
  }
  if (chunk.length) await write(chunk.join("\n") + "\n");
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { qtySum, flagSum };
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const workDir = path.resolve(import.meta.dirname, ".tmp/datasets-import");
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  process.env.DATABASE_PATH = path.join(workDir, "bench.db");
  const csv = path.join(workDir, "bench.csv");

  let t = performance.now();
  const expected = await generateCsv(csv, rows);
  const generateSeconds = (performance.now() - t) / 1000;

  // Loaded after DATABASE_PATH is set: lib/env.ts reads it at import time.
  const { analyseCsv } = await import("../lib/datasets/analyse");
  const { importCsv } = await import("../lib/datasets/import");
  const { getDb } = await import("../lib/db");
  getDb();

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const loadAverage = os.loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  t = performance.now();
  const analysis = await analyseCsv(csv);
  const analyseSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  let publishStarted = 0;
  const { id } = await importCsv({
    file: csv,
    workDir,
    name: "bench",
    types: analysis.columns.map((column) => column.type),
    ownerId: null,
    source: "builtin",
    visibility: "public",
    fileName: "bench.csv",
    onProgress: (progress) => {
      if (progress.phase === "saving") publishStarted = performance.now();
    },
  });
  const end = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  // Let the delay timer fire once more, so a block at the very end (the publishing transaction)
  // is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  loop.disable();
  const importSeconds = (end - t) / 1000;

  const check = getDb()
    .prepare(`SELECT COUNT(*) AS n, SUM(c4) AS qty, SUM(c7) AS flags FROM ds_${id}`)
    .get() as { n: number; qty: number; flags: number };
  const types = analysis.columns.map((column) => column.type).join(",");
  const verified =
    check.n === rows &&
    check.qty === expected.qtySum &&
    check.flags === expected.flagSum &&
    types === "integer,text,text,number,integer,date,datetime,boolean,number,text";

  const result: DatasetImportTimes = {
    rows,
    columns: analysis.columns.length,
    csvBytes: fs.statSync(csv).size,
    generateSeconds,
    analyseSeconds,
    importSeconds,
    publishSeconds: (end - publishStarted) / 1000,
    totalSeconds: analyseSeconds + importSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    maxEventLoopBlockMs: loop.max / 1e6,
    verified,
  };
  console.log(`inferred types: ${types}`);
  console.log(datasetImportMarkdown(result));
  getDb().close();
  fs.rmSync(workDir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
