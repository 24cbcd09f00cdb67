import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { APP_DIR, ROOT, TEMPLATE_DB, TEMPLATE_ROWS, TMP } from "./paths";
import { prepareStandalone } from "./standalone";

/**
 * Once per run: the production build (reused when current), the standalone server assembled from
 * it exactly as the Dockerfile does, and a seeded template database.
 */
export default function globalSetup(): void {
  fs.mkdirSync(TMP, { recursive: true });
  prepareStandalone(APP_DIR);

  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(TEMPLATE_DB + suffix, { force: true });
  const env = {
    ...process.env,
    DATABASE_PATH: TEMPLATE_DB,
    DEMO_ROWS: String(TEMPLATE_ROWS),
    BCRYPT_COST: "8",
  };
  for (const command of ["seed", "demo-users"])
    execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "db/cli.ts", command],
      { cwd: ROOT, env, stdio: "inherit" },
    );
}
