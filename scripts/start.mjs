// `npm start`: the plain production server of an existing build. It migrates the database at
// DATABASE_PATH on start-up (instrumentation.ts) but never invents data.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, serverSettings } from "./serve.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
  console.error(`No production build in ${distDir}/. Run "npm run build" first (or "npm run demo").`);
  process.exit(1);
}
process.env.NODE_ENV = "production";
// lib/shutdown.ts handles SIGTERM/SIGINT (drain, shutdown hooks, close SQLite, exit 0); Next's own
// handler would exit 143 without running the hooks.
process.env.NEXT_MANUAL_SIG_HANDLE ??= "true";
const settings = serverSettings();
console.log(
  `Chartroom on http://${settings.hostname ?? "localhost"}:${settings.port} (database ${path.resolve(process.env.DATABASE_PATH || "./data/chartroom.db")})`,
);
serve(root, settings);
