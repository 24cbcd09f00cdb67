// Calendar arithmetic on ISO 'YYYY-MM-DD' strings in UTC, the format the orders table stores.
const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDay(value: string): number | null {
  const match = ISO_DAY.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  // Rejects 2025-02-30 and friends, which Date.UTC would silently roll over.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return ms;
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function ms(day: string): number {
  const value = parseIsoDay(day);
  if (value === null) throw new RangeError(`not an ISO day: ${day}`);
  return value;
}

export function addDays(day: string, days: number): string {
  return toIso(ms(day) + days * DAY_MS);
}

/** Whole days from `from` to `to`, inclusive of both ends. */
export function daysInRange(from: string, to: string): number {
  return Math.round((ms(to) - ms(from)) / DAY_MS) + 1;
}

/** Monday of the ISO week containing `day`. */
export function weekStart(day: string): string {
  const weekday = new Date(ms(day)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function monthEnd(day: string): string {
  const date = new Date(ms(day));
  return toIso(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
}

export function addMonths(day: string, months: number): string {
  const date = new Date(ms(day));
  return toIso(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/** Bucket keys ('YYYY-MM-DD' of each bucket's first day) covering [from, to]. */
export function bucketKeys(from: string, to: string, granularity: "day" | "week" | "month"): string[] {
  const keys: string[] = [];
  if (granularity === "day") {
    for (let d = from; d <= to; d = addDays(d, 1)) keys.push(d);
  } else if (granularity === "week") {
    for (let d = weekStart(from); d <= to; d = addDays(d, 7)) keys.push(d);
  } else {
    for (let d = monthStart(from); d <= to; d = addMonths(d, 1)) keys.push(d);
  }
  return keys;
}
