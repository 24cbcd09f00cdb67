import { z } from "zod";
import { CATEGORIES, CHANNELS, GRANULARITIES, REGIONS } from "../retail";
import { isoDaySchema, normalizeFilters, overviewFiltersSchema, type OverviewFilters } from "./filters";

// What the browser uploads per filter change: each dimension as a bit mask over its fixed value
// list (lib/retail.ts) instead of the value names, in a tuple instead of a keyed object. The
// names made the action request 1.2 kB with a few categories picked (the target is under 1 kB,
// and ~760 B of it are headers the browser and Next.js add); the tuple stays about 45 bytes.

const mask = (values: readonly string[]) =>
  z
    .number()
    .int()
    .min(0)
    .max(2 ** values.length - 1);

/**
 * [regions, categories, channels, from, to, granularity, live?]; a mask of 0 means "all"; a
 * trailing 1 is the ?live=1 opt-in.
 */
export const filtersWireSchema = z.tuple([
  mask(REGIONS),
  mask(CATEGORIES),
  mask(CHANNELS),
  isoDaySchema,
  isoDaySchema,
  z.enum(GRANULARITIES),
  z.literal(1).optional(),
]);
export type FiltersWire = z.infer<typeof filtersWireSchema>;

function toMask<T extends string>(picked: readonly T[], all: readonly T[]): number {
  return all.reduce((bits, value, i) => (picked.includes(value) ? bits | (1 << i) : bits), 0);
}

function fromMask<T extends string>(bits: number, all: readonly T[]): T[] {
  return all.filter((_, i) => bits & (1 << i));
}

export function encodeFilters(filters: OverviewFilters): FiltersWire {
  const f = normalizeFilters(filters);
  const wire: FiltersWire = [
    toMask(f.regions, REGIONS),
    toMask(f.categories, CATEGORIES),
    toMask(f.channels, CHANNELS),
    f.from,
    f.to,
    f.granularity,
  ];
  if (f.live) wire.push(1);
  return wire;
}

const FIELDS = ["regions", "categories", "channels", "from", "to", "granularity", "live"] as const;

type Issue = z.core.$ZodIssue;

/** Validates an uploaded tuple and returns the filters it names, or its problems by field name. */
export function decodeFilters(
  input: unknown,
): { success: true; data: OverviewFilters } | { success: false; issues: Issue[] } {
  const wire = filtersWireSchema.safeParse(input);
  if (!wire.success) {
    const named = (issue: Issue): Issue => {
      const [first, ...rest] = issue.path;
      const field = typeof first === "number" ? FIELDS[first] : undefined;
      return field ? { ...issue, path: [field, ...rest] } : issue;
    };
    return { success: false, issues: wire.error.issues.map(named) };
  }
  const [regions, categories, channels, from, to, granularity, live] = wire.data;
  const parsed = overviewFiltersSchema.safeParse({
    regions: fromMask(regions, REGIONS),
    categories: fromMask(categories, CATEGORIES),
    channels: fromMask(channels, CHANNELS),
    from,
    to,
    granularity,
    ...(live ? { live: true } : {}),
  });
  return parsed.success
    ? { success: true, data: normalizeFilters(parsed.data) }
    : { success: false, issues: parsed.error.issues };
}
