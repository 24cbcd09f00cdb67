/** A job id from a URL segment: digits only, or null (never a path, never parsed leniently). */
export function parseJobIdParam(value: string): number | null {
  if (!/^[1-9]\d{0,14}$/.test(value)) return null;
  return Number(value);
}
