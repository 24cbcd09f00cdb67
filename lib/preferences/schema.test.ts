import { describe, expect, it } from "vitest";
import {
  DEFAULT_PREFERENCES,
  defaultOverviewFilters,
  parseStoredPreferences,
  preferencesSchema,
  themeUpdateSchema,
} from "./schema";

const CUSTOM = {
  theme: "dark",
  animation: false,
  density: "compact",
  overview: {
    regions: ["South", "North"],
    categories: ["Books"],
    channels: [],
    granularity: "month",
    rangeDays: 90,
  },
} as const;

describe("preferences schema", () => {
  it("accepts the defaults and a full custom set", () => {
    expect(preferencesSchema.safeParse(DEFAULT_PREFERENCES).success).toBe(true);
    expect(preferencesSchema.safeParse(CUSTOM).success).toBe(true);
  });

  it("defaults to the anonymous view: system theme, animation on, comfortable, all data, last 365 days weekly", () => {
    expect(DEFAULT_PREFERENCES).toEqual({
      theme: "system",
      animation: true,
      density: "comfortable",
      overview: { regions: [], categories: [], channels: [], granularity: "week", rangeDays: 365 },
    });
  });

  it("rejects unknown values and any field the server owns, such as a user id", () => {
    for (const bad of [
      { ...CUSTOM, theme: "sepia" },
      { ...CUSTOM, density: "tiny" },
      { ...CUSTOM, animation: "no" },
      { ...CUSTOM, userId: 2 },
      { ...CUSTOM, overview: { ...CUSTOM.overview, regions: ["Atlantis"] } },
      { ...CUSTOM, overview: { ...CUSTOM.overview, rangeDays: 12 } },
      { ...CUSTOM, overview: { ...CUSTOM.overview, from: "2025-01-01" } },
    ])
      expect(preferencesSchema.safeParse(bad).success).toBe(false);
    expect(themeUpdateSchema.strict().safeParse({ theme: "dark", density: "compact" }).success).toBe(false);
  });

  it("reads a damaged stored document field by field, falling back to defaults", () => {
    expect(parseStoredPreferences({ theme: "dark", density: 7, overview: "x" })).toEqual({
      ...DEFAULT_PREFERENCES,
      theme: "dark",
    });
    expect(parseStoredPreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(parseStoredPreferences(CUSTOM)).toEqual(CUSTOM);
  });

  it("turns default filters into a period of the chosen length ending on the last day with data", () => {
    const filters = defaultOverviewFilters(preferencesSchema.parse(CUSTOM), "2025-12-31");
    // 90 days ending 2025-12-31 start on 2025-10-03 (31 + 30 + 29 = 90 days).
    expect(filters).toEqual({
      regions: ["North", "South"],
      categories: ["Books"],
      channels: [],
      from: "2025-10-03",
      to: "2025-12-31",
      granularity: "month",
    });
  });
});
