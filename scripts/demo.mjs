// `npm run demo`: build when no current build exists, prepare the demo database (migrate, then
// generate the demo data when it is empty, add the demo users alice and bob) and serve it on PORT
// with a session secret generated for this install (kept beside the database).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isBuildCurrent } from "./build-state.mjs";
import { demoAuthSecret } from "./demo-secret.mjs";
import { serve, serverSettings } from "./serve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
// The demo shows the live page with orders arriving (set LIVE_FEED=off to stop the simulator).
process.env.LIVE_FEED ??= "on";

const settings = serverSettings();
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (isBuildCurrent(root, distDir)) {
  console.log(`Using the existing build in ${distDir}/.`);
} else {
  console.log("Building Chartroom (about a minute on 2 cores)...");
  run("npm", ["run", "build"]);
}

const dbCli = (command) =>
  run(process.execPath, [
    path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
    "--conditions=react-server",
    "db/cli.ts",
    command,
  ]);
dbCli("seed");
dbCli("demo-users");
dbCli("examples");

// An explicitly set secret wins; otherwise the demo's own.
if (!process.env.AUTH_SECRET && !process.env.NEXTAUTH_SECRET)
  process.env.AUTH_SECRET = demoAuthSecret(process.env.DATABASE_PATH || "./data/chartroom.db");

process.env.NODE_ENV = "production";
console.log(
  `\nChartroom demo on http://${settings.hostname ?? "localhost"}:${settings.port} (sign in as alice / secret123 or bob / pa$$w0rd)\n`,
);
serve(root, settings);
