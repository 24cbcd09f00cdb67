import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { getDb } from "../db";
import { analyseCsv } from "./analyse";
import { importCsv } from "./import";
import { uploadsDir } from "./uploads";

// Built-in example datasets: real public data from the vega-datasets package, imported through the
// same analysis and import as an upload, owned by nobody and public. Created by `db/cli.ts
// examples` (npm run demo, the e2e server), once: a ready built-in dataset with the same file name
// is left alone.

interface Example {
  name: string;
  fileName: string;
  /** The CSV text (JSON examples are converted). */
  csv: (dataDir: string) => string;
}

export const EXAMPLES: readonly Example[] = [
  {
    name: "Seattle weather 2012–2015",
    fileName: "seattle-weather.csv",
    csv: (dataDir) => fs.readFileSync(path.join(dataDir, "seattle-weather.csv"), "utf8"),
  },
  {
    name: "Gapminder: life expectancy, fertility and population",
    fileName: "gapminder.json",
    csv: (dataDir) =>
      jsonRowsToCsv(JSON.parse(fs.readFileSync(path.join(dataDir, "gapminder.json"), "utf8"))),
  },
];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** An array of flat objects as CSV: one column per key, in the order keys first appear. */
export function jsonRowsToCsv(rows: unknown): string {
  if (!Array.isArray(rows)) throw new Error("expected an array of rows");
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows as Record<string, unknown>[])
    for (const key of Object.keys(row))
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
  const lines = [keys.map(csvCell).join(",")];
  for (const row of rows as Record<string, unknown>[])
    lines.push(keys.map((key) => csvCell(row[key])).join(","));
  return `${lines.join("\n")}\n`;
}

function vegaDataDir(): string {
  const entry = createRequire(import.meta.url).resolve("vega-datasets");
  return path.join(path.dirname(entry), "..", "data");
}

/** Imports the examples that are missing; returns the names it created. */
export async function ensureExampleDatasets(): Promise<string[]> {
  const exists = getDb().prepare(
    "SELECT 1 FROM datasets WHERE source = 'builtin' AND file_name = ? AND status = 'ready'",
  );
  const dataDir = vegaDataDir();
  const created: string[] = [];
  for (const example of EXAMPLES) {
    if (exists.get(example.fileName)) continue;
    const workDir = uploadsDir();
    fs.mkdirSync(workDir, { recursive: true });
    const file = path.join(workDir, `example-${crypto.randomBytes(8).toString("hex")}.csv`);
    try {
      fs.writeFileSync(file, example.csv(dataDir));
      const analysis = await analyseCsv(file);
      await importCsv({
        file,
        workDir,
        name: example.name,
        types: analysis.columns.map((column) => column.type),
        ownerId: null,
        source: "builtin",
        visibility: "public",
        fileName: example.fileName,
      });
      created.push(example.name);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  return created;
}
