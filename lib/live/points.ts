import "server-only";
import { statement } from "../db";
import type { LivePoint } from "./protocol";

/** Revenue per minute at a second is the revenue of the 60 seconds ending with it. */
const MINUTE = 60;

/**
 * One point per second from `fromSec` to `toSec` (epoch seconds, inclusive), zeros included, so a
 * range never has gaps: orders placed in that second and the revenue of the trailing minute. One
 * indexed range read over created_at, aggregated in SQL (at most 60 + the range's seconds rows).
 * Sums are taken in whole cents, so the rolling minute is exact.
 */
export async function getLivePoints(fromSec: number, toSec: number): Promise<LivePoint[]> {
  if (toSec < fromSec) return [];
  const rows = statement(
    `SELECT created_at / 1000 AS sec, COUNT(*) AS orders, SUM(CAST(ROUND(revenue * 100) AS INTEGER)) AS cents
       FROM live_orders WHERE created_at >= ? AND created_at < ? GROUP BY sec`,
  ).all((fromSec - MINUTE + 1) * 1000, (toSec + 1) * 1000) as {
    sec: number;
    orders: number;
    cents: number;
  }[];
  const bySecond = new Map(rows.map((row) => [row.sec, row]));
  const points: LivePoint[] = [];
  let windowCents = 0;
  for (let sec = fromSec - MINUTE + 1; sec <= toSec; sec++) {
    windowCents += bySecond.get(sec)?.cents ?? 0;
    windowCents -= bySecond.get(sec - MINUTE)?.cents ?? 0;
    if (sec >= fromSec)
      points.push({ id: sec, orders: bySecond.get(sec)?.orders ?? 0, revenuePerMinute: windowCents / 100 });
  }
  return points;
}
