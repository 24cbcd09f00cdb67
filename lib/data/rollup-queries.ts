import "server-only";
import { periodKey, type CategoryChannel } from "../../db/rollup-layout";
import { addDays, monthStart } from "../dates";
import type { OverviewFilters } from "../overview/filters";
import type { Granularity } from "../retail";
import { planRange, type DayRange, type PeriodLevel } from "./range-plan";

// SQL building blocks over the rollup tables of migration 002, shared by every data module that
// reads them (the public Overview, the private dashboard).

export type Bindings = Record<string, string | number | null>;

// Filters reach SQL only as bound values: dimension lists fill a fixed number of IN slots (unused
// slots are NULL, which never matches), and the choice of (category, channel) or (region, channel)
// columns is a 0/1 weight per column. The SQL text therefore depends only on the shape of the date
// range, so a handful of prepared statements serve every filter combination.

export function inSlots(
  prefix: string,
  selected: readonly string[],
  all: readonly string[],
): { sql: string; params: Bindings } {
  const values = selected.length ? all.filter((value) => selected.includes(value)) : all;
  const params: Bindings = {};
  all.forEach((_, i) => (params[`${prefix}${i}`] = values[i] ?? null));
  return { sql: `(${all.map((_, i) => `@${prefix}${i}`).join(", ")})`, params };
}

export const selects = <T extends string>(selected: readonly T[], value: T) =>
  selected.length === 0 || selected.includes(value);

/** The @w_<slug> bindings: 1 for the column groups the filters keep, 0 for the others. */
export function weights<P extends { slug: string }>(
  pairs: readonly P[],
  chosen: (pair: P) => boolean,
): Bindings {
  return Object.fromEntries(pairs.map((pair) => [`w_${pair.slug}`, chosen(pair) ? 1 : 0]));
}

/** Sum of the `measure` columns of the chosen pairs, as a weighted sum over every pair column. */
export const weighted = (pairs: readonly { slug: string }[], measure: string, alias: string) =>
  pairs.map(({ slug }) => `${alias}${measure}_${slug} * @w_${slug}`).join(" + ");

/**
 * Rows of the (period, region) cube covering `range`: whole periods at the given levels, then
 * the remaining edge days. `bucket` adds the chart bucket of each row.
 */
export function cubeRows(
  range: DayRange,
  levels: readonly PeriodLevel[],
  regions: string,
  columns: string,
  bucket?: Granularity,
): { sql: string; params: Bindings } {
  const plan = planRange(range[0], range[1], levels);
  const parts = [
    ...plan.periods.map(({ level, keys }) => ({ level: level as PeriodLevel | "day", keys })),
    ...plan.days.map((keys) => ({ level: "day" as const, keys })),
  ];
  const params: Bindings = {};
  const sql = parts.map(({ level, keys }, i) => {
    params[`from${i}`] = keys[0];
    params[`to${i}`] = keys[1];
    // Whole periods are already buckets of the chart's granularity; edge days are mapped to theirs.
    const bucketColumn = !bucket
      ? ""
      : level === bucket
        ? `${level} AS bucket, `
        : `${periodKey[bucket]("day")} AS bucket, `;
    return `SELECT ${bucketColumn}region, ${columns} FROM agg_${level} WHERE ${level} BETWEEN @from${i} AND @to${i} AND region IN ${regions}`;
  });
  return { sql: sql.join(" UNION ALL "), params };
}

export const selectsPair = (filters: OverviewFilters, pair: CategoryChannel) =>
  selects(filters.categories, pair.category) && selects(filters.channels, pair.channel);

type RunningLevel = "year" | "month" | "day";

/**
 * SQL for one entity's total of `expr` over [from, to]: running total before to + 1 minus running
 * total before from (see migration 002), reading only the levels at which the two differ.
 */
export function rangeTotal(entity: "product" | "store", expr: (alias: string) => string, range: DayRange) {
  const end = addDays(range[1], 1);
  const start = range[0];
  const levels: RunningLevel[] = ["day"];
  if (monthStart(start) !== monthStart(end)) levels.push("month");
  if (start.slice(0, 4) !== end.slice(0, 4)) levels.push("year");
  const params: Bindings = {};
  const lookup = (level: RunningLevel, name: "start" | "end", x: string) => {
    const yearStart = `${x.slice(0, 4)}-01-01`;
    const bounds = {
      year: ["0000-01-01", yearStart],
      month: [yearStart, monthStart(x)],
      day: [monthStart(x), x],
    }[level];
    params[`${name}_${level}_lo`] = bounds[0]!;
    params[`${name}_${level}_hi`] = bounds[1]!;
    return `COALESCE((SELECT ${expr("c.")} FROM cum_${entity}_${level} c
      WHERE c.${entity}_id = e.id AND c.${level} >= @${name}_${level}_lo AND c.${level} < @${name}_${level}_hi
      ORDER BY c.${level} DESC LIMIT 1), 0)`;
  };
  const sql = levels
    .map((level) => `${lookup(level, "end", end)} - ${lookup(level, "start", start)}`)
    .join(" + ");
  return { sql, params };
}

/** Rollup levels whose whole periods are buckets of a chart of each granularity. */
export const TIMESERIES_LEVELS: Record<Granularity, readonly PeriodLevel[]> = {
  day: [],
  week: ["week"],
  month: ["month"],
};

export const dollars = (cents: number) => cents / 100;
