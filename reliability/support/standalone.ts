import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./paths";

// scripts/standalone.mjs is plain Node ESM, which the Playwright test loader cannot import; the
// suite runs it as the Dockerfile's CI twin is meant to be run, as a command.
const SCRIPT = path.join(ROOT, "scripts", "standalone.mjs");

export interface StandaloneSteps {
  BUILD_STEPS: string[];
  ASSEMBLY: [string, string][];
  RUNTIME_ENV: Record<string, string>;
  START_COMMAND: string[];
}

export const STANDALONE: StandaloneSteps = JSON.parse(
  execFileSync(process.execPath, [SCRIPT, "describe"], { cwd: ROOT, encoding: "utf8" }),
) as StandaloneSteps;

/** Builds when the build is stale, then assembles the standalone server into `target`. */
export function prepareStandalone(target: string): void {
  execFileSync(process.execPath, [SCRIPT, "prepare", target], { cwd: ROOT, stdio: "inherit" });
}
