import { describe, expect, it } from "vitest";
import {
  defaultDates,
  effectiveGranularity,
  filtersKey,
  normalizeFilters,
  overviewFiltersSchema,
  overviewQueryString,
  parseOverviewQuery,
  previousPeriod,
  type OverviewFilters,
} from "./filters";

const valid: OverviewFilters = {
  regions: ["West"],
  categories: ["Books", "Grocery"],
  channels: [],
  from: "2025-01-01",
  to: "2025-03-31",
  granularity: "week",
};
const defaults = { from: "2025-01-01", to: "2025-12-31" };

describe("overviewFiltersSchema", () => {
  it("accepts a valid filter state", () => {
    expect(overviewFiltersSchema.safeParse(valid)).toMatchObject({ success: true, data: valid });
  });

  it("accepts a window without data (2019): an empty answer is not an invalid request", () => {
    expect(overviewFiltersSchema.safeParse({ ...valid, from: "2019-01-01", to: "2019-12-31" }).success).toBe(
      true,
    );
  });

  it.each([
    ["an unknown region", { regions: ["Atlantis"] }],
    ["an unknown category", { categories: ["Weapons"] }],
    ["an unknown channel", { channels: ["Telepathy"] }],
    ["a lower-case dimension value", { regions: ["west"] }],
    ["more values than a dimension has", { channels: ["Online", "Online", "Online", "Online"] }],
    ["from after to", { from: "2025-04-01", to: "2025-03-31" }],
    ["month 13", { from: "2025-13-01" }],
    ["February 30", { to: "2025-02-30" }],
    ["a word for a date", { from: "yesterday" }],
    ["a date with a time", { from: "2025-01-01T00:00:00Z" }],
    ["a year before 1900", { from: "1899-12-31" }],
    ["a year after 2999", { to: "3000-01-01" }],
    ["an unknown granularity", { granularity: "hour" }],
    ["a giant string", { from: "2025-01-01".padEnd(400, "x") }],
    ["a giant dimension value", { regions: ["W".repeat(400)] }],
    ["a number for a date", { from: 20250101 }],
    ["an object for a date", { to: { year: 2025 } }],
    ["an array for a date", { from: ["2025-01-01"] }],
    ["a string for a list", { regions: "West" }],
    ["numbers in a list", { categories: [1, 2] }],
    ["null for a list", { channels: null }],
    ["an extra field", { userId: 1 }],
    ["a server-owned field", { key: "x" }],
  ])("rejects %s", (_name, change) => {
    expect(overviewFiltersSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it.each([
    ["a number", 42],
    ["a string", "West"],
    ["an array", [valid]],
    ["null", null],
    ["a missing field", { ...valid, granularity: undefined }],
  ])("rejects %s instead of filters", (_name, input) => {
    expect(overviewFiltersSchema.safeParse(input).success).toBe(false);
  });
});

describe("parseOverviewQuery", () => {
  it("returns the defaults and no problems for an empty query", () => {
    expect(parseOverviewQuery({}, defaults)).toEqual({
      filters: { regions: [], categories: [], channels: [], ...defaults, granularity: "week" },
      problems: [],
    });
  });

  it("reads every parameter from URLSearchParams and from a searchParams record alike", () => {
    const query =
      "region=West,North&category=Books&channel=Online&from=2024-02-01&to=2024-02-29&granularity=day";
    const expected = {
      filters: {
        regions: ["North", "West"],
        categories: ["Books"],
        channels: ["Online"],
        from: "2024-02-01",
        to: "2024-02-29",
        granularity: "day",
      },
      problems: [],
    };
    expect(parseOverviewQuery(new URLSearchParams(query), defaults)).toEqual(expected);
    expect(parseOverviewQuery(Object.fromEntries(new URLSearchParams(query)), defaults)).toEqual(expected);
  });

  it("accepts a window without data (2019) without a problem", () => {
    const { filters, problems } = parseOverviewQuery({ from: "2019-01-01", to: "2019-12-31" }, defaults);
    expect(problems).toEqual([]);
    expect(filters).toMatchObject({ from: "2019-01-01", to: "2019-12-31" });
  });

  it("drops unknown dimension values, keeps the known ones and names each problem", () => {
    const { filters, problems } = parseOverviewQuery(
      { region: "West,Atlantis", category: "Weapons", channel: "Online,Fax" },
      defaults,
    );
    expect(filters).toMatchObject({ regions: ["West"], categories: [], channels: ["Online"] });
    expect(problems).toEqual([
      "Unknown region “Atlantis” was ignored. Known: North, South, East, West, Central.",
      expect.stringContaining("Unknown category “Weapons” was ignored."),
      "Unknown channel “Fax” was ignored. Known: Online, In-store, Partner.",
    ]);
  });

  it.each([
    ["month 13", "2025-13-01", "is not a real calendar date"],
    ["February 30", "2025-02-30", "is not a real calendar date"],
    ["a word", "yesterday", "must be a date like 2025-01-31"],
    ["a year before 1900", "1850-06-01", "must be between 1900 and 2999"],
  ])("falls back to the default date for %s and says why", (_name, value, reason) => {
    const { filters, problems } = parseOverviewQuery({ from: value }, defaults);
    expect(filters.from).toBe(defaults.from);
    expect(problems).toEqual([`The “From” date “${value}” ${reason}; using ${defaults.from}.`]);
  });

  it("shows the default period when from is after to", () => {
    const { filters, problems } = parseOverviewQuery({ from: "2025-06-01", to: "2025-05-01" }, defaults);
    expect(filters).toMatchObject(defaults);
    expect(problems).toEqual([
      "“From” (2025-06-01) is after “To” (2025-05-01); showing the default period instead.",
    ]);
  });

  it("ignores a repeated parameter instead of picking one of its values", () => {
    const { filters, problems } = parseOverviewQuery(
      new URLSearchParams("region=West&region=East&to=2025-02-01&to=2025-03-01"),
      defaults,
    );
    expect(filters.regions).toEqual([]);
    expect(filters.to).toBe(defaults.to);
    expect(problems).toEqual([
      "The region filter was given 2 times; using the default instead.",
      "The “To” date was given 2 times; using the default instead.",
    ]);
  });

  it("ignores a parameter longer than 300 characters", () => {
    const { filters, problems } = parseOverviewQuery({ category: "Books,".repeat(60) }, defaults);
    expect(filters.categories).toEqual([]);
    expect(problems).toEqual([
      "The category filter is too long (360 characters); using the default instead.",
    ]);
  });

  it("falls back to weekly for an unknown granularity", () => {
    const { filters, problems } = parseOverviewQuery({ granularity: "hourly" }, defaults);
    expect(filters.granularity).toBe("week");
    expect(problems).toEqual(["Unknown granularity “hourly”; use day, week or month. Showing weekly."]);
  });

  it("round-trips through overviewQueryString", () => {
    const query = overviewQueryString(valid, defaults);
    expect(query).toBe("region=West&category=Grocery%2CBooks&to=2025-03-31");
    expect(parseOverviewQuery(new URLSearchParams(query), defaults)).toEqual({
      filters: normalizeFilters(valid),
      problems: [],
    });
  });
});

describe("normalizeFilters and filtersKey", () => {
  it("orders and deduplicates values and stores every value as none", () => {
    expect(
      normalizeFilters({
        ...valid,
        regions: ["West", "North", "West"],
        channels: ["Partner", "Online", "In-store"],
      }),
    ).toMatchObject({ regions: ["North", "West"], channels: [] });
  });

  it("gives equal keys to equal filter states", () => {
    const a = filtersKey({ ...valid, categories: ["Grocery", "Books"] });
    expect(a).toBe(filtersKey({ ...valid, categories: ["Books", "Grocery", "Books"] }));
    expect(a).toBe("West|Grocery,Books||2025-01-01|2025-03-31|week");
    expect(a).not.toBe(filtersKey({ ...valid, granularity: "month" }));
  });
});

describe("date helpers", () => {
  it("takes the previous period of equal length just before from", () => {
    expect(previousPeriod({ from: "2024-03-01", to: "2024-03-31" })).toEqual({
      from: "2024-01-30",
      to: "2024-02-29",
    });
  });

  it("falls back from daily to weekly points beyond 400 days", () => {
    expect(effectiveGranularity({ ...valid, granularity: "day", from: "2024-01-01", to: "2025-02-03" })).toBe(
      "day",
    ); // 400 days
    expect(effectiveGranularity({ ...valid, granularity: "day", from: "2024-01-01", to: "2025-02-04" })).toBe(
      "week",
    );
  });

  it("defaults to the last 365 days with data, or of the calendar", () => {
    expect(defaultDates("2025-12-31", "2026-05-05")).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(defaultDates(null, "2024-12-31")).toEqual({ from: "2024-01-02", to: "2024-12-31" });
  });
});
