// One CSV field, shared by the Details download (lib/data/details-export.ts) and the export job's
// worker thread. Plain JavaScript because the workers load their modules without a TypeScript step.

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A text that a spreadsheet would run as a formula (= + - @ first) gets a leading apostrophe, so
 * an opened export cannot run a formula planted in a product or store name.
 */
export function csvField(value) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
