import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./paths";

const START = "<!-- reliability:start -->";
const END = "<!-- reliability:end -->";
export const RESULTS_FILE = path.join(ROOT, "bench", "results.md");

/** The "### " parts of the reliability section now in `file`, in their order. */
export function currentParts(file = RESULTS_FILE): string[] {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  if (start < 0 || end < start) return [];
  return existing
    .slice(start, end)
    .split(/^(?=### )/m)
    .slice(1)
    .map((part) => part.trim());
}

/**
 * The parts to write when a run (one spec, say) produced only `fresh`: each replaces the current
 * part with its heading, in place; the others keep their earlier measurements; new ones go last.
 */
export function mergeParts(current: string[], fresh: string[]): string[] {
  const heading = (part: string) => part.split("\n", 1)[0];
  const merged = current.map((part) => fresh.find((next) => heading(next) === heading(part)) ?? part);
  return [...merged, ...fresh.filter((next) => !current.some((part) => heading(part) === heading(next)))];
}

/**
 * Replaces the reliability section of bench/results.md (between its markers, appended the first
 * time) and leaves the rest of the file, the benchmark's, as it was.
 */
export function writeReliabilitySection(body: string, file = RESULTS_FILE): void {
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
  const section = [
    START,
    "## Reliability",
    "",
    `Written by \`npm run test:reliability\` (${os.cpus().length} cores, load average ${load} at the end of the`,
    "run; the machine is shared with other builds and tests, so timings are noisy).",
    "",
    body.trim(),
    END,
  ].join("\n");
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  const next =
    start >= 0 && end > start
      ? existing.slice(0, start) + section + existing.slice(end + END.length)
      : `${existing.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
}
