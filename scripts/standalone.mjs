// The standalone server, built, assembled and started exactly as the Dockerfile does it, so CI (and
// any host with Node.js but no Docker) runs the same artifact as the image:
//
//   node scripts/standalone.mjs build              npm run build + the bundled user CLI
//   node scripts/standalone.mjs assemble [DIR]     copy the traced server, static files and public/
//                                                  into DIR (default .next/standalone-app)
//   node scripts/standalone.mjs start [DIR]        node server.js in DIR with this environment
//   node scripts/standalone.mjs prepare [DIR]      build when stale, then assemble
//   node scripts/standalone.mjs [DIR]              prepare, then start
//   node scripts/standalone.mjs describe           the lists below, as JSON (for the tests)
//
// reliability/deploy.spec.ts compares BUILD_STEPS, ASSEMBLY and RUNTIME_ENV with the Dockerfile's
// RUN, COPY and ENV lines, so the two cannot drift apart.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isBuildCurrent } from "./build-state.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";

/** The build stage's commands after `npm ci` (Dockerfile: one RUN each). */
export const BUILD_STEPS = ["npm run build", "node scripts/standalone.mjs cli"];

/**
 * The runtime stage's files: [from (in the build), to (in the app folder)] (Dockerfile: one
 * `COPY --from=build` each). server.js and its traced node_modules, then what it serves but Next
 * does not copy itself: hashed static assets and public/, the background jobs' worker scripts
 * (loaded from lib/jobs/workers/ under the working directory, never bundled), and the user CLI.
 */
export const ASSEMBLY = [
  [".next/standalone", "."],
  [".next/static", ".next/static"],
  ["public", "public"],
  ["lib/jobs/workers", "lib/jobs/workers"],
  [".next/cli/user.mjs", "user.mjs"],
  [".next/cli/preflight.mjs", "preflight.mjs"],
];

/** How the server starts (Dockerfile CMD): the settings check, then Next's server.js. */
export const START_COMMAND = ["node", "--import", "./preflight.mjs", "server.js"];

/**
 * The runtime stage's fixed environment (Dockerfile ENV). Everything else, DATABASE_PATH, PORT and
 * AUTH_SECRET included, comes from the deployment's environment.
 */
export const RUNTIME_ENV = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  // lib/shutdown.ts drains requests, stops background work and closes SQLite on SIGTERM; Next's
  // own handler would exit 143 without running it.
  NEXT_MANUAL_SIG_HANDLE: "true",
};

const fromBuild = (from) => path.join(root, from.replace(/^\.next(?=\/|$)/, distDir));

export function buildStandalone() {
  const run = (command) => execFileSync("sh", ["-c", command], { cwd: root, stdio: "inherit" });
  for (const step of BUILD_STEPS) run(step);
}

/**
 * Two single-file programs beside server.js (the image has no TypeScript toolchain): `npm run user`
 * as user.mjs, to create the first admin on a fresh volume (`node user.mjs add admin --role
 * admin`), and the settings check that runs before server.js (lib/preflight.ts).
 */
export async function buildUserCli() {
  const { build } = await import("esbuild");
  await build({
    entryPoints: { user: path.join(root, "db/user-cli.ts"), preflight: path.join(root, "lib/preflight.ts") },
    outdir: path.join(root, distDir, "cli"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // "server-only" resolves to its empty module under this condition, as in the server build.
    conditions: ["react-server"],
    // The traced node_modules beside server.js has it, with its native binary.
    external: ["better-sqlite3"],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
}

export function assembleStandalone(target) {
  fs.rmSync(target, { recursive: true, force: true });
  for (const [from, to] of ASSEMBLY) {
    const source = fromBuild(from);
    if (!fs.existsSync(source))
      throw new Error(`${source} is missing: run "node scripts/standalone.mjs build".`);
    // Verbatim: Next links its hashed external packages (.next/node_modules/better-sqlite3-<hash>)
    // relatively, as Docker's COPY keeps them. cpSync made them absolute links into the build
    // folder, so the server loaded that copy of better-sqlite3 and its worker threads this folder's:
    // two SQLite instances in one process, blind to each other's locks.
    fs.cpSync(source, path.join(target, to), { recursive: true, verbatimSymlinks: true });
  }
}

/** START_COMMAND in `dir`, with the runtime environment over `env` (the deployment's settings). */
export function startStandalone(dir, env = process.env, stdio = "inherit") {
  return spawn(process.execPath, START_COMMAND.slice(1), {
    cwd: dir,
    env: { ...env, ...RUNTIME_ENV },
    stdio,
  });
}

const defaultTarget = path.join(root, distDir, "standalone-app");

function prepare(target) {
  if (!isBuildCurrent(root, distDir) || !fs.existsSync(fromBuild(".next/cli/preflight.mjs")))
    buildStandalone();
  assembleStandalone(target);
}

async function main([command, argument]) {
  if (command === "describe")
    return console.log(JSON.stringify({ BUILD_STEPS, ASSEMBLY, RUNTIME_ENV, START_COMMAND }));
  if (command === "build") return buildStandalone();
  if (command === "cli") return buildUserCli();
  if (command === "assemble") return assembleStandalone(path.resolve(argument ?? defaultTarget));
  if (command === "prepare") return prepare(path.resolve(argument ?? defaultTarget));
  const target = path.resolve((command === "start" ? argument : command) ?? defaultTarget);
  if (command !== "start") prepare(target);
  // Relative paths would resolve inside the app folder (server.js changes directory): pin them here.
  process.env.DATABASE_PATH = path.resolve(process.env.DATABASE_PATH || "data/chartroom.db");
  const child = startStandalone(target);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
