import { describe, expect, it } from "vitest";
import { planRange } from "./range-plan";

// Expected plans worked out by hand on a calendar (2024-01-01 is a Monday, 2024 is a leap year).

describe("planRange", () => {
  it("reads a range of whole years as one year span", () => {
    expect(planRange("2021-01-01", "2025-12-31", ["year", "month"])).toEqual({
      periods: [{ level: "year", keys: ["2021-01-01", "2025-01-01"] }],
      days: [],
    });
  });

  it("splits an unaligned multi-year range into years, then months, then edge days", () => {
    expect(planRange("2021-03-15", "2023-02-09", ["year", "month"])).toEqual({
      periods: [
        { level: "year", keys: ["2022-01-01", "2022-01-01"] },
        { level: "month", keys: ["2021-04-01", "2021-12-01"] },
        { level: "month", keys: ["2023-01-01", "2023-01-01"] },
      ],
      days: [
        ["2021-03-15", "2021-03-31"],
        ["2023-02-01", "2023-02-09"],
      ],
    });
  });

  it("falls back to months when no whole year fits", () => {
    expect(planRange("2023-11-20", "2024-02-29", ["year", "month"])).toEqual({
      periods: [{ level: "month", keys: ["2023-12-01", "2024-02-01"] }],
      days: [["2023-11-20", "2023-11-30"]],
    });
  });

  it("reads a whole leap-year February as one month", () => {
    expect(planRange("2024-02-01", "2024-02-29", ["month"])).toEqual({
      periods: [{ level: "month", keys: ["2024-02-01", "2024-02-01"] }],
      days: [],
    });
  });

  it("keeps a range inside one month as days", () => {
    expect(planRange("2024-02-03", "2024-02-20", ["year", "month"])).toEqual({
      periods: [],
      days: [["2024-02-03", "2024-02-20"]],
    });
  });

  it("keeps two days across a year boundary as days", () => {
    expect(planRange("2023-12-31", "2024-01-01", ["year", "month"])).toEqual({
      periods: [],
      days: [["2023-12-31", "2024-01-01"]],
    });
  });

  it("reads Monday-to-Sunday weeks and leaves the partial weeks at both ends as days", () => {
    expect(planRange("2024-01-03", "2024-01-30", ["week"])).toEqual({
      periods: [{ level: "week", keys: ["2024-01-08", "2024-01-22"] }],
      days: [
        ["2024-01-03", "2024-01-07"],
        ["2024-01-29", "2024-01-30"],
      ],
    });
  });

  it("reads weeks across a year boundary", () => {
    expect(planRange("2024-12-30", "2025-01-12", ["week"])).toEqual({
      periods: [{ level: "week", keys: ["2024-12-30", "2025-01-06"] }],
      days: [],
    });
  });

  it("reads everything as days when no levels are allowed", () => {
    expect(planRange("2024-01-01", "2024-12-31", [])).toEqual({
      periods: [],
      days: [["2024-01-01", "2024-12-31"]],
    });
  });

  it("reads a single day as that day", () => {
    expect(planRange("2024-02-29", "2024-02-29", ["year", "month"])).toEqual({
      periods: [],
      days: [["2024-02-29", "2024-02-29"]],
    });
  });
});
