import { describe, expect, it } from "vitest";
import { decodeFilters, encodeFilters } from "./filters-wire";
import type { OverviewFilters } from "./filters";

const base: OverviewFilters = {
  regions: [],
  categories: [],
  channels: [],
  from: "2025-01-01",
  to: "2025-12-31",
  granularity: "week",
};

describe("filters wire format", () => {
  it("round-trips every filter state in its canonical form", () => {
    const states: OverviewFilters[] = [
      base,
      { ...base, regions: ["West", "North"], channels: ["Partner"], granularity: "day" },
      { ...base, categories: ["Books", "Electronics", "Grocery"], from: "2021-01-01", to: "2021-01-01" },
      // Every value picked is the same state as none picked: "all".
      { ...base, channels: ["Online", "In-store", "Partner"] },
      { ...base, regions: ["South"], live: true },
    ];
    for (const state of states) {
      const decoded = decodeFilters(JSON.parse(JSON.stringify(encodeFilters(state))));
      expect(decoded.success).toBe(true);
      if (decoded.success) expect(encodeFilters(decoded.data)).toEqual(encodeFilters(state));
    }
    expect(encodeFilters({ ...base, regions: ["North", "South"] })).toEqual([
      0b11,
      0,
      0,
      "2025-01-01",
      "2025-12-31",
      "week",
    ]);
  });

  it("stays far below the 1 kB upload budget with every dimension half picked", () => {
    const body = JSON.stringify([
      encodeFilters({
        ...base,
        regions: ["North", "East"],
        categories: ["Electronics", "Home & Kitchen", "Clothing", "Sports & Outdoors"],
        channels: ["In-store"],
      }),
    ]);
    expect(body.length).toBeLessThan(50);
  });

  it("rejects malformed tuples and names the field at fault", () => {
    const problem = (input: unknown) => {
      const decoded = decodeFilters(input);
      expect(decoded.success).toBe(false);
      return decoded.success ? "" : `${decoded.issues[0]?.path.join(".")}: ${decoded.issues[0]?.message}`;
    };
    expect(problem([32, 0, 0, "2025-01-01", "2025-12-31", "week"])).toMatch(/^regions:/);
    expect(problem([0, 256, 0, "2025-01-01", "2025-12-31", "week"])).toMatch(/^categories:/);
    expect(problem([0, 0, 1.5, "2025-01-01", "2025-12-31", "week"])).toMatch(/^channels:/);
    expect(problem([0, 0, 0, "2025-02-30", "2025-12-31", "week"])).toMatch(/^from: is not a real/);
    expect(problem([0, 0, 0, "2025-01-01", "3000-01-01", "week"])).toMatch(/^to: must be between/);
    expect(problem([0, 0, 0, "2025-01-01", "2025-12-31", "hour"])).toMatch(/^granularity:/);
    expect(problem([0, 0, 0, "2025-12-31", "2025-01-01", "week"])).toMatch(/on or before/);
    expect(problem({ regions: [] })).toBeTruthy();
    expect(problem([0, 0, 0, "2025-01-01", "2025-12-31", "week", "extra"])).toMatch(/^live:/);
    expect(problem([0, 0, 0, "2025-01-01", "2025-12-31", "week", 1, 1])).toBeTruthy();
    expect(problem("[]")).toBeTruthy();
  });
});
