import fs from "node:fs";
import path from "node:path";
import { TMP } from "./paths";

// Each spec writes its part of the reliability report; global teardown puts the parts, in name
// order, into bench/results.md. Parts of specs that did not run this time keep their own dates.
export const REPORT_DIR = path.join(TMP, "report");

export function writeReportPart(name: string, markdown: string): void {
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace("T", " ");
  fs.writeFileSync(path.join(REPORT_DIR, `${name}.md`), `${markdown.trim()}\n\n_Measured ${stamp} UTC._\n`);
}

export function readReportParts(): string[] {
  if (!fs.existsSync(REPORT_DIR)) return [];
  return fs
    .readdirSync(REPORT_DIR)
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => fs.readFileSync(path.join(REPORT_DIR, file), "utf8").trim());
}

/** "| a | b |" rows for a table. */
export function tableRows(rows: (string | number)[][]): string[] {
  return rows.map((row) => `| ${row.join(" | ")} |`);
}
