import { addDays, addMonths, monthEnd, monthStart, weekStart } from "../dates";

export type DayRange = readonly [from: string, to: string];
export type PeriodLevel = "year" | "month" | "week";

/**
 * How to read [from, to] from rollups: whole periods at the coarsest level that fits, then the
 * leftover edges at the next level down, and finally single days. Summing every part gives the
 * exact figure for the range while a five-year range touches a few thousand rollup rows instead of
 * every order.
 */
export interface RangePlan {
  /** Ranges of period keys (each period's first day), per level. */
  periods: { level: PeriodLevel; keys: DayRange }[];
  /** Day ranges not covered by any whole period. */
  days: DayRange[];
}

function periodStart(day: string, level: PeriodLevel): string {
  if (level === "week") return weekStart(day);
  if (level === "month") return monthStart(day);
  return `${day.slice(0, 4)}-01-01`;
}

function periodEnd(day: string, level: PeriodLevel): string {
  if (level === "week") return addDays(weekStart(day), 6);
  if (level === "month") return monthEnd(day);
  return `${day.slice(0, 4)}-12-31`;
}

function nextPeriod(start: string, level: PeriodLevel): string {
  if (level === "week") return addDays(start, 7);
  return addMonths(start, level === "month" ? 1 : 12);
}

export function planRange(from: string, to: string, levels: readonly PeriodLevel[]): RangePlan {
  const [level, ...finer] = levels;
  if (!level) return { periods: [], days: [[from, to]] };
  const firstFull = periodStart(from, level) === from ? from : nextPeriod(periodStart(from, level), level);
  const lastFullEnd = periodEnd(to, level) === to ? to : addDays(periodStart(to, level), -1);
  if (firstFull > lastFullEnd) return planRange(from, to, finer);

  const plan: RangePlan = {
    periods: [{ level, keys: [firstFull, periodStart(lastFullEnd, level)] }],
    days: [],
  };
  const edges: DayRange[] = [];
  if (from < firstFull) edges.push([from, addDays(firstFull, -1)]);
  if (lastFullEnd < to) edges.push([addDays(lastFullEnd, 1), to]);
  for (const [edgeFrom, edgeTo] of edges) {
    const sub = planRange(edgeFrom, edgeTo, finer);
    plan.periods.push(...sub.periods);
    plan.days.push(...sub.days);
  }
  return plan;
}
