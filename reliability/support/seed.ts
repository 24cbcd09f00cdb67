import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, TMP } from "./paths";

/**
 * A database of its own in TMP/`name`, seeded by the demo-data generator with `rows` orders and
 * the demo users (as global setup seeds the template, for a spec that needs another size).
 */
export function seededDatabase(name: string, rows: number): string {
  const dir = path.join(TMP, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "chartroom.db");
  const env = { ...process.env, DATABASE_PATH: file, DEMO_ROWS: String(rows), BCRYPT_COST: "8" };
  for (const command of ["seed", "demo-users"])
    execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "db/cli.ts", command],
      { cwd: ROOT, env, stdio: "ignore" },
    );
  return file;
}
