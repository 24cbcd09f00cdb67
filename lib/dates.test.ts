import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  bucketKeys,
  daysInRange,
  monthEnd,
  monthStart,
  parseIsoDay,
  weekStart,
} from "./dates";

describe("parseIsoDay", () => {
  it("returns UTC midnight of a real calendar day", () => {
    expect(parseIsoDay("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDay("1900-01-01")).toBe(Date.UTC(1900, 0, 1));
  });

  it.each([
    "2025-02-30",
    "2023-02-29",
    "2025-13-01",
    "2025-00-10",
    "2025-04-31",
    "2025-1-01",
    "yesterday",
    "",
  ])("rejects %j", (value) => {
    expect(parseIsoDay(value)).toBeNull();
  });
});

describe("addDays", () => {
  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(addDays("2025-03-10", -365)).toBe("2024-03-10");
  });

  it("throws on a day that is not a real date", () => {
    expect(() => addDays("2025-02-30", 1)).toThrow(RangeError);
  });
});

describe("daysInRange", () => {
  it("counts both ends", () => {
    expect(daysInRange("2024-05-05", "2024-05-05")).toBe(1);
    expect(daysInRange("2024-02-01", "2024-03-01")).toBe(30);
    expect(daysInRange("2023-01-01", "2023-12-31")).toBe(365);
    expect(daysInRange("2021-01-01", "2025-12-31")).toBe(1826);
  });
});

describe("weekStart", () => {
  it("returns the Monday of the week, counting Sunday as its last day", () => {
    expect(weekStart("2024-01-01")).toBe("2024-01-01"); // Monday
    expect(weekStart("2024-01-07")).toBe("2024-01-01"); // Sunday
    expect(weekStart("2024-01-10")).toBe("2024-01-08"); // Wednesday
    expect(weekStart("2023-01-01")).toBe("2022-12-26"); // Sunday, week began the year before
  });
});

describe("month helpers", () => {
  it("finds the first and last day of a month", () => {
    expect(monthStart("2024-02-17")).toBe("2024-02-01");
    expect(monthEnd("2024-02-10")).toBe("2024-02-29");
    expect(monthEnd("2023-02-10")).toBe("2023-02-28");
    expect(monthEnd("2025-12-05")).toBe("2025-12-31");
    expect(monthEnd("2025-04-30")).toBe("2025-04-30");
  });

  it("adds months from the first of the month, across years", () => {
    expect(addMonths("2025-11-15", 2)).toBe("2026-01-01");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-01");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-01");
  });
});

describe("bucketKeys", () => {
  it("lists every day of a daily range", () => {
    expect(bucketKeys("2024-02-27", "2024-03-02", "day")).toEqual([
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
      "2024-03-02",
    ]);
  });

  it("lists the Monday of every week touching the range, starting before `from`", () => {
    expect(bucketKeys("2024-12-25", "2025-01-13", "week")).toEqual([
      "2024-12-23",
      "2024-12-30",
      "2025-01-06",
      "2025-01-13",
    ]);
  });

  it("lists the first day of every month touching the range", () => {
    expect(bucketKeys("2024-11-30", "2025-02-01", "month")).toEqual([
      "2024-11-01",
      "2024-12-01",
      "2025-01-01",
      "2025-02-01",
    ]);
  });
});
