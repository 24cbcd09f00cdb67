// `npm run profile`: a CPU profile of the production server under a short load on the Overview.
// Starts `next start` with --cpu-prof on PROFILE_PORT (default 3502) over DATABASE_PATH (default the
// demo database, generated like `npm run demo` when empty), loads it for PROFILE_SECONDS (default
// 15) with autocannon (GET / and the getOverview server action with varied filters, 4 connections
// each), stops it with SIGINT so Node writes the profile, and prints where the time went.
// Open the .cpuprofile in Chrome DevTools (Performance > Load profile) or https://www.speedscope.app.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { isBuildCurrent } from "./build-state.mjs";
import { demoAuthSecret } from "./demo-secret.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PROFILE_PORT ?? 3502);
const seconds = Number(process.env.PROFILE_SECONDS ?? 15);
const distDir = process.env.NEXT_DIST_DIR || ".next";
const database = path.resolve(root, process.env.DATABASE_PATH || "./data/chartroom.db");
const outDir = path.join(root, "profiles");
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, DATABASE_PATH: database, NEXT_TELEMETRY_DISABLED: "1" };
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit", env });

if (!isBuildCurrent(root, distDir)) run("npm", ["run", "build"]);
run(process.execPath, [
  path.join(root, "node_modules/tsx/dist/cli.mjs"),
  "--conditions=react-server",
  "db/cli.ts",
  "seed",
]);

function overviewActionId() {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, distDir, "server/server-reference-manifest.json"), "utf8"),
  );
  const entry = Object.entries(manifest.node).find(([, value]) => value.exportedName === "getOverview");
  if (!entry) throw new Error("getOverview is not in the build's server-reference-manifest.json");
  return entry[0];
}

fs.mkdirSync(outDir, { recursive: true });
const name = `overview-${new Date().toISOString().replace(/[:.]/g, "-")}.cpuprofile`;
const server = spawn(
  process.execPath,
  [
    "--cpu-prof",
    `--cpu-prof-dir=${outDir}`,
    `--cpu-prof-name=${name}`,
    path.join(root, "node_modules/next/dist/bin/next"),
    "start",
    "--port",
    String(port),
    "--hostname",
    "127.0.0.1",
  ],
  {
    cwd: root,
    // Its own process group, so a crash of this script can still stop it by group.
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...env, NODE_ENV: "production", AUTH_SECRET: process.env.AUTH_SECRET || demoAuthSecret(database) },
  },
);
const exited = new Promise((resolve) => server.once("exit", resolve));
process.on("exit", () => {
  try {
    process.kill(-server.pid, "SIGKILL");
  } catch {
    // already stopped
  }
});

async function waitForServer() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start");
}

/** Filter states for the action: a few regions and date windows, so both cache hits and misses run. */
function filterBodies() {
  const regions = [[], ["North"], ["South", "West"], ["East"], ["Central", "North"]];
  const windows = [
    ["2025-01-01", "2025-12-31"],
    ["2025-07-01", "2025-09-30"],
    ["2024-01-01", "2024-06-30"],
    ["2023-03-01", "2025-02-28"],
  ];
  return regions.flatMap((r) =>
    windows.map(([from, to]) =>
      JSON.stringify([{ regions: r, categories: [], channels: [], from, to, granularity: "week" }]),
    ),
  );
}

function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ url: base, duration: seconds, connections: 4, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

try {
  await waitForServer();
  const actionId = overviewActionId();
  const bodies = filterBodies();
  let next = 0;
  console.log(`Loading ${base} for ${seconds} s: GET / and the getOverview action ...`);
  const [page, action] = await Promise.all([
    load({ requests: [{ method: "GET", path: "/" }] }),
    load({
      requests: [
        {
          method: "POST",
          path: "/",
          headers: {
            "next-action": actionId,
            "content-type": "text/plain;charset=UTF-8",
            accept: "text/x-component",
          },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
      ],
    }),
  ]);
  for (const [label, result] of [
    ["GET /", page],
    ["getOverview action", action],
  ])
    console.log(
      `${label}: ${result.requests.total} requests, ${result.non2xx} non-2xx, p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms`,
    );
} finally {
  // SIGINT: Next exits through process.exit, and Node writes the profile on the way out.
  server.kill("SIGINT");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
}

const file = path.join(outDir, name);
if (!fs.existsSync(file)) {
  console.error(`No profile was written (${file}).`);
  process.exit(1);
}
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const frame = byNode.get(id).callFrame;
  const key = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^file:\/\//, "").replace(root, ".")}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`\nWrote ${path.relative(root, file)} (${(total / 1e6).toFixed(1)} s sampled). Top self time:`);
for (const [key, micros] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(
    `  ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`,
  );
