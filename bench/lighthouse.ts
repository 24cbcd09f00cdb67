// Lighthouse (the CLI of the installed devDependency, in its own process group) against a running
// server: performance and accessibility, with the mobile default and the desktop preset.
import fs from "node:fs";
import { launch } from "chrome-launcher";
import path from "node:path";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./browser";
import { adoptGroup, runChild } from "./processes";
import { percentile } from "./stats";

export type Preset = "mobile" | "desktop";

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  metrics: { fcpMs: number; lcpMs: number; tbtMs: number; cls: number; speedIndexMs: number };
  /** Accessibility audits that failed, by title. */
  accessibilityFailures: string[];
  /** Performance diagnostics with an estimated saving, largest first. */
  opportunities: { title: string; savingsMs: number; savingsBytes: number }[];
  warnings: string[];
}

export interface LighthouseResult {
  preset: Preset;
  runs: LighthouseRun[];
  /** Attempts that failed (and were repeated), with Lighthouse's reason. */
  retried: string[];
  medianRun: LighthouseRun;
  performance: number;
  accessibility: number;
}

interface Audit {
  title: string;
  score: number | null;
  scoreDisplayMode?: string;
  numericValue?: number;
  details?: { overallSavingsMs?: number; overallSavingsBytes?: number };
  metricSavings?: Record<string, number>;
}

interface LhReport {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, Audit>;
  runWarnings?: string[];
}

function readReport(file: string): LighthouseRun {
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as LhReport;
  const score = (category: string) => Math.round((report.categories[category]?.score ?? 0) * 100);
  const numeric = (id: string) => report.audits[id]?.numericValue ?? Number.NaN;
  const a11yFailures = (report.categories.accessibility?.auditRefs ?? [])
    .map((ref) => report.audits[ref.id])
    .filter((audit): audit is Audit => !!audit && audit.scoreDisplayMode === "binary" && audit.score === 0)
    .map((audit) => audit.title);
  const opportunities = Object.values(report.audits)
    .map((audit) => ({
      title: audit.title,
      savingsMs: audit.details?.overallSavingsMs ?? audit.metricSavings?.LCP ?? 0,
      savingsBytes: audit.details?.overallSavingsBytes ?? 0,
    }))
    .filter((o) => o.savingsMs >= 50 || o.savingsBytes >= 20_000)
    .sort((a, b) => b.savingsMs - a.savingsMs || b.savingsBytes - a.savingsBytes)
    .slice(0, 5);
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    metrics: {
      fcpMs: numeric("first-contentful-paint"),
      lcpMs: numeric("largest-contentful-paint"),
      tbtMs: numeric("total-blocking-time"),
      cls: numeric("cumulative-layout-shift"),
      speedIndexMs: numeric("speed-index"),
    },
    accessibilityFailures: a11yFailures,
    opportunities,
    warnings: report.runWarnings ?? [],
  };
}

async function runOnce(
  root: string,
  url: string,
  preset: Preset,
  output: string,
  workDir: string,
): Promise<void> {
  // Chrome is launched here, the way the CLI would (chrome-launcher, its default flags, a fresh
  // profile), rather than by the CLI: chrome-launcher gives Chrome a process group of its own,
  // which a killed CLI would leave running, while this process can adopt and clean it up.
  const chrome = await launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROMIUM_FLAGS,
    handleSIGINT: false,
    logLevel: "silent",
  });
  const forget = adoptGroup(chrome.pid);
  try {
    await runChild(
      process.execPath,
      [
        path.join(root, "node_modules/lighthouse/cli/index.js"),
        url,
        `--port=${chrome.port}`,
        "--output=json",
        `--output-path=${output}`,
        "--only-categories=performance,accessibility",
        "--quiet",
        ...(preset === "desktop" ? ["--preset=desktop"] : []),
      ],
      { cwd: root, logFile: path.join(workDir, "lighthouse.log") },
    );
  } finally {
    chrome.kill();
    forget();
  }
}

export async function runLighthouse(
  root: string,
  url: string,
  preset: Preset,
  runs: number,
  workDir: string,
  label: string,
): Promise<LighthouseResult> {
  const results: LighthouseRun[] = [];
  const retried: string[] = [];
  const reason = (error: unknown) =>
    (error instanceof Error ? error.message : String(error))
      .split("\n")
      .find((line) => /Runtime error/.test(line)) ?? "failed";
  for (let i = 0; i < runs; i++) {
    const output = path.join(workDir, `lighthouse-${label}-${preset}-${i + 1}.json`);
    // Lighthouse now and then fails to record a trace on this machine (NO_NAVSTART) and asks to be
    // run again: up to three attempts per run, each failure noted in the report. A run that fails
    // every attempt is left out; the phase fails only when no run succeeds.
    for (let attempt = 1; attempt <= 3; attempt++) {
      fs.rmSync(output, { force: true });
      try {
        await runOnce(root, url, preset, output, workDir);
        results.push(readReport(output));
        break;
      } catch (error) {
        retried.push(`run ${i + 1} attempt ${attempt}: ${reason(error)}`);
      }
    }
  }
  if (results.length === 0) throw new Error(`every Lighthouse run failed: ${retried.join("; ")}`);
  // The median run by performance score, so the metrics shown are the ones behind the score.
  const sorted = [...results].sort((a, b) => a.performance - b.performance);
  const medianRun = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    preset,
    runs: results,
    retried,
    medianRun,
    performance: medianRun.performance,
    accessibility: percentile(
      results.map((r) => r.accessibility),
      50,
    ),
  };
}
