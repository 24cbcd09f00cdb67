import { z } from "zod";
import { addDays, daysInRange, parseIsoDay } from "../dates";
import {
  CATEGORIES,
  CHANNELS,
  DEMO_FIRST_DAY,
  DEMO_LAST_DAY,
  GRANULARITIES,
  REGIONS,
  type Granularity,
} from "../retail";

// The Overview's filter state: validated here for the server action, and parsed from / written
// to the URL query string for the page, so a shared link, a reload and the back button all agree.

/** Daily points are capped so a chart payload stays bounded whatever the date range. */
export const MAX_DAILY_POINTS = 400;
const MAX_PARAM_LENGTH = 300;

export const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2025-01-31")
  .refine((value) => parseIsoDay(value) !== null, "is not a real calendar date")
  .refine((value) => value >= "1900-01-01" && value <= "2999-12-31", "must be between 1900 and 2999");

export const overviewFiltersSchema = z
  .object({
    regions: z.array(z.enum(REGIONS)).max(REGIONS.length),
    categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
    channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length),
    from: isoDaySchema,
    to: isoDaySchema,
    granularity: z.enum(GRANULARITIES),
    /** Opt-in (?live=1): the KPIs also count today's live orders (table live_orders). */
    live: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.from <= f.to, { message: "“From” must be on or before “To”", path: ["from"] });

/** Empty dimension arrays mean "all". */
export type OverviewFilters = z.infer<typeof overviewFiltersSchema>;
export type DateDefaults = { from: string; to: string };

/** Every order of the demo data: all regions, categories and channels over its five years. */
export function wholeDemoPeriod(granularity: Granularity = "month"): OverviewFilters {
  return { regions: [], categories: [], channels: [], from: DEMO_FIRST_DAY, to: DEMO_LAST_DAY, granularity };
}

/** Canonical form: values deduplicated in their declared order, and "every value" stored as []. */
export function normalizeFilters(filters: OverviewFilters): OverviewFilters {
  const canonical = <T extends string>(values: readonly T[], all: readonly T[]): T[] => {
    const picked = all.filter((value) => values.includes(value));
    return picked.length === all.length ? [] : picked;
  };
  return {
    regions: canonical(filters.regions, REGIONS),
    categories: canonical(filters.categories, CATEGORIES),
    channels: canonical(filters.channels, CHANNELS),
    from: filters.from,
    to: filters.to,
    granularity: filters.granularity,
    ...(filters.live ? { live: true } : {}),
  };
}

/** A stable key for caches: equal filter states give equal keys. */
export function filtersKey(filters: OverviewFilters): string {
  const f = normalizeFilters(filters);
  return [
    f.regions.join(","),
    f.categories.join(","),
    f.channels.join(","),
    f.from,
    f.to,
    f.granularity,
    ...(f.live ? ["live"] : []),
  ].join("|");
}

/** The previous period of equal length, ending the day before `from`. */
export function previousPeriod(filters: Pick<OverviewFilters, "from" | "to">): DateDefaults {
  const length = daysInRange(filters.from, filters.to);
  return { from: addDays(filters.from, -length), to: addDays(filters.from, -1) };
}

/** Daily points over a long range would be thousands per line: fall back to weekly. */
export function effectiveGranularity(filters: OverviewFilters): Granularity {
  if (filters.granularity === "day" && daysInRange(filters.from, filters.to) > MAX_DAILY_POINTS)
    return "week";
  return filters.granularity;
}

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(query: QueryInput, name: string): string[] {
  if (query instanceof URLSearchParams) return query.getAll(name);
  const value = query[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const LIST_PARAMS = [
  { param: "region", key: "regions", label: "region", values: REGIONS },
  { param: "category", key: "categories", label: "category", values: CATEGORIES },
  { param: "channel", key: "channels", label: "channel", values: CHANNELS },
] as const;

/**
 * Reads filters from a query string. Never throws: each bad parameter falls back to its default
 * and adds one plain-language problem for the page to show.
 */
export function parseOverviewQuery(
  query: QueryInput,
  defaults: DateDefaults,
): { filters: OverviewFilters; problems: string[] } {
  const problems: string[] = [];
  const single = (name: string, label: string): string | undefined => {
    const values = readParam(query, name);
    if (values.length === 0) return undefined;
    if (values.length > 1) {
      problems.push(`The ${label} was given ${values.length} times; using the default instead.`);
      return undefined;
    }
    const value = values[0]!;
    if (value.length > MAX_PARAM_LENGTH) {
      problems.push(`The ${label} is too long (${value.length} characters); using the default instead.`);
      return undefined;
    }
    return value;
  };

  const lists = {} as Record<(typeof LIST_PARAMS)[number]["key"], string[]>;
  for (const { param, key, label, values } of LIST_PARAMS) {
    const raw = single(param, `${label} filter`);
    const picked: string[] = [];
    if (raw !== undefined && raw !== "") {
      for (const item of raw.split(",")) {
        const value = item.trim();
        if ((values as readonly string[]).includes(value)) picked.push(value);
        else
          problems.push(`Unknown ${label} “${value.slice(0, 40)}” was ignored. Known: ${values.join(", ")}.`);
      }
    }
    lists[key] = picked;
  }

  const date = (name: "from" | "to", label: string): string | undefined => {
    const raw = single(name, `“${label}” date`);
    if (raw === undefined || raw === "") return undefined;
    const parsed = isoDaySchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(
      `The “${label}” date “${raw.slice(0, 40)}” ${parsed.error.issues[0]?.message ?? "is invalid"}; using ${name === "from" ? defaults.from : defaults.to}.`,
    );
    return undefined;
  };
  let from = date("from", "From") ?? defaults.from;
  let to = date("to", "To") ?? defaults.to;
  if (from > to) {
    problems.push(`“From” (${from}) is after “To” (${to}); showing the default period instead.`);
    from = defaults.from;
    to = defaults.to;
  }

  let granularity: Granularity = "week";
  const rawGranularity = single("granularity", "granularity");
  if (rawGranularity !== undefined && rawGranularity !== "") {
    if ((GRANULARITIES as readonly string[]).includes(rawGranularity))
      granularity = rawGranularity as Granularity;
    else
      problems.push(
        `Unknown granularity “${rawGranularity.slice(0, 40)}”; use day, week or month. Showing weekly.`,
      );
  }

  let live = false;
  const rawLive = single("live", "live option");
  if (rawLive === "1") live = true;
  else if (rawLive !== undefined && rawLive !== "" && rawLive !== "0")
    problems.push(
      `Unknown live option “${rawLive.slice(0, 40)}”; use live=1 to include today's live orders.`,
    );

  const filters = normalizeFilters(overviewFiltersSchema.parse({ ...lists, from, to, granularity, live }));
  return { filters, problems };
}

/** The query string for a filter state; defaults are left out so URLs stay short. */
export function overviewQueryString(filters: OverviewFilters, defaults: DateDefaults): string {
  const f = normalizeFilters(filters);
  const params = new URLSearchParams();
  if (f.regions.length) params.set("region", f.regions.join(","));
  if (f.categories.length) params.set("category", f.categories.join(","));
  if (f.channels.length) params.set("channel", f.channels.join(","));
  if (f.from !== defaults.from) params.set("from", f.from);
  if (f.to !== defaults.to) params.set("to", f.to);
  if (f.granularity !== "week") params.set("granularity", f.granularity);
  if (f.live) params.set("live", "1");
  return params.toString();
}

/** The default period: the last 365 days that have data (or of the calendar, for an empty DB). */
export function defaultDates(lastDayWithData: string | null, today: string): DateDefaults {
  const to = lastDayWithData ?? today;
  return { from: addDays(to, -364), to };
}
