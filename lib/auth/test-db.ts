import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Points the server modules at a fresh temporary database (call before importing them) with a
 * cheap bcrypt cost; returns the file and a cleanup.
 */
export function useTempDatabase(name: string): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `chartroom-${name}-`));
  const file = path.join(dir, "test.db");
  process.env.DATABASE_PATH = file;
  process.env.BCRYPT_COST = "4";
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
