// The e2e web server: a production build (reused when current) over a freshly generated test
// database with the demo users, created the way `npm run demo` does, so every run sees the same
// deterministic data. BCRYPT_COST 8 keeps the logins of the suite fast (cost 12 is ~16x slower);
// hashes of any cost verify the same way.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isBuildCurrent } from "../../scripts/build-state.mjs";
import { demoAuthSecret } from "../../scripts/demo-secret.mjs";
import { serve } from "../../scripts/serve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = Number(process.env.E2E_PORT ?? 3300);
const db = path.resolve(root, process.env.E2E_DATABASE_PATH ?? ".e2e/chartroom-e2e.db");
const rows = process.env.E2E_DEMO_ROWS ?? "60000";
const env = {
  ...process.env,
  DATABASE_PATH: db,
  DEMO_ROWS: rows,
  BCRYPT_COST: "8",
  AUTH_SECRET: demoAuthSecret(db),
  NEXT_TELEMETRY_DISABLED: "1",
  // The shared e2e server never simulates orders (e2e/live.spec.ts starts its own server with it on).
  LIVE_FEED: "off",
  // One JSON line per request would bury the test output; warnings and errors still show.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit", env });

if (!isBuildCurrent(root, process.env.NEXT_DIST_DIR || ".next")) run("npm", ["run", "build"]);
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(db + suffix, { force: true });
for (const command of ["seed", "demo-users", "examples"])
  run(process.execPath, [
    path.join(root, "node_modules/tsx/dist/cli.mjs"),
    "--conditions=react-server",
    "db/cli.ts",
    command,
  ]);

Object.assign(process.env, env, { NODE_ENV: "production" });
serve(root, { port, hostname: "127.0.0.1" });
