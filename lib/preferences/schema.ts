import { z } from "zod";
import { addDays } from "../dates";
import { normalizeFilters, type OverviewFilters } from "../overview/filters";
import { CATEGORIES, CHANNELS, GRANULARITIES, REGIONS } from "../retail";

// A user's preferences: how pages look (theme, chart animation, table density) and what the
// Overview shows on a fresh visit. Shared by the settings form, the save action, the database
// layer and the first-paint script, so all four agree on one shape.

export const THEMES = ["light", "dark", "system"] as const;
export const DENSITIES = ["comfortable", "compact"] as const;
/** Lengths offered for the default Overview period, in days, ending at the last day with data. */
export const RANGE_LENGTHS = [7, 30, 90, 180, 365, 730, 1826] as const;

const rangeDaysSchema = z
  .number()
  .int()
  .refine((days) => (RANGE_LENGTHS as readonly number[]).includes(days), {
    message: `must be one of ${RANGE_LENGTHS.join(", ")} days`,
  });

export const preferencesSchema = z
  .object({
    theme: z.enum(THEMES),
    animation: z.boolean(),
    density: z.enum(DENSITIES),
    overview: z
      .object({
        regions: z.array(z.enum(REGIONS)).max(REGIONS.length),
        categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
        channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length),
        granularity: z.enum(GRANULARITIES),
        rangeDays: rangeDaysSchema,
      })
      .strict(),
  })
  .strict();

export type Preferences = z.infer<typeof preferencesSchema>;
export type Theme = Preferences["theme"];
export type Density = Preferences["density"];

/** What a user who never saved anything gets: the same view as an anonymous visitor. */
export const DEFAULT_PREFERENCES: Preferences = {
  theme: "system",
  animation: true,
  density: "comfortable",
  overview: { regions: [], categories: [], channels: [], granularity: "week", rangeDays: 365 },
};

/** The part of the preferences that styles a page: safe to mirror in localStorage (nothing secret). */
export type DisplayPreferences = Pick<Preferences, "theme" | "animation" | "density">;

export const displayPreferences = ({ theme, animation, density }: Preferences): DisplayPreferences => ({
  theme,
  animation,
  density,
});

/** The one change the navbar's theme switch sends: the theme alone. */
export const themeUpdateSchema = preferencesSchema.pick({ theme: true });

/**
 * Reads a stored document leniently: each field that still validates is kept, each that does not
 * (an older format, a hand edit) falls back to its default, so a bad row never breaks a page.
 */
export function parseStoredPreferences(raw: unknown): Preferences {
  const stored = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const field = <K extends keyof Preferences>(key: K): Preferences[K] => {
    const parsed = preferencesSchema.shape[key].safeParse(stored[key]);
    return parsed.success ? (parsed.data as Preferences[K]) : DEFAULT_PREFERENCES[key];
  };
  return {
    theme: field("theme"),
    animation: field("animation"),
    density: field("density"),
    overview: field("overview"),
  };
}

/** The Overview filters a user's defaults stand for, for data ending on `lastDay`. */
export function defaultOverviewFilters(prefs: Preferences, lastDay: string): OverviewFilters {
  const { regions, categories, channels, granularity, rangeDays } = prefs.overview;
  return normalizeFilters({
    regions,
    categories,
    channels,
    granularity,
    from: addDays(lastDay, -(rangeDays - 1)),
    to: lastDay,
  });
}
