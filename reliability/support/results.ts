import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./paths";

const START = "<!-- reliability:start -->";
const END = "<!-- reliability:end -->";
export const RESULTS_FILE = path.join(ROOT, "bench", "results.md");

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
