// One demo database per size in bench/.tmp/, generated once by the app's own seeder and reused
// while it still holds the expected number of orders.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { runChild } from "./processes";

function orderCount(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM orders").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

const removeDatabase = (file: string) => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
};

/** Path of a database with exactly `rows` demo orders; `seeded` says whether it was just made. */
export async function ensureDatabase(
  root: string,
  rows: number,
  workDir: string,
): Promise<{ file: string; seeded: boolean; seedMs: number }> {
  const file = path.join(workDir, `orders-${rows}.db`);
  if (orderCount(file) === rows) return { file, seeded: false, seedMs: 0 };
  removeDatabase(file);
  // Seeded under another name and renamed when complete, so an interrupted run never leaves a
  // half-filled database that a later run would mistake for a finished one.
  const partial = path.join(workDir, `orders-${rows}.partial.db`);
  removeDatabase(partial);
  const started = Date.now();
  console.log(`Seeding ${rows.toLocaleString("en-US")} orders into ${path.relative(root, file)} ...`);
  await runChild(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "db/cli.ts", "seed"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: partial, DEMO_ROWS: String(rows) },
      logFile: path.join(workDir, `seed-${rows}.log`),
    },
  );
  removeDatabase(file);
  fs.renameSync(partial, file);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(partial + suffix, { force: true });
  const count = orderCount(file);
  if (count !== rows)
    throw new Error(`seeded ${path.relative(root, file)} holds ${count} orders, not ${rows}`);
  return { file, seeded: true, seedMs: Date.now() - started };
}
