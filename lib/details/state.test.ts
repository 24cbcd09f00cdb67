import { describe, expect, it } from "vitest";
import { detailsQueryString, detailsStateSchema, parseDetailsQuery, type DetailsState } from "./state";

const DEFAULTS = { from: "2025-01-01", to: "2025-12-31" };

describe("Details URL state", () => {
  it("an empty query is the default state without problems", () => {
    const { state, problems } = parseDetailsQuery({}, DEFAULTS);
    expect(problems).toEqual([]);
    expect(state).toEqual({
      filters: { regions: [], categories: [], channels: [], ...DEFAULTS, granularity: "week" },
      search: "",
      productId: null,
      sort: "day",
      dir: "desc",
      size: 25,
      position: { kind: "first" },
      page: 1,
    });
  });

  it("round-trips a full state through the query string", () => {
    const state: DetailsState = {
      filters: {
        regions: ["North"],
        categories: ["Books"],
        channels: ["Online"],
        from: "2024-02-01",
        to: "2024-03-31",
        granularity: "day",
      },
      search: "tent & co",
      productId: 17,
      sort: "profit",
      dir: "asc",
      size: 100,
      position: { kind: "before", id: 1234 },
      page: 7,
    };
    const query = new URLSearchParams(detailsQueryString(state, DEFAULTS));
    expect(parseDetailsQuery(query, DEFAULTS)).toEqual({ state, problems: [] });
  });

  it("bad parameters fall back to defaults, each with a message, never an exception", () => {
    const { state, problems } = parseDetailsQuery(
      {
        sort: "id; DROP TABLE orders",
        dir: "sideways",
        size: "1000000",
        after: "-5",
        product: "abc",
        q: "x".repeat(200),
        p: "0",
        from: "2025-02-30",
      },
      DEFAULTS,
    );
    expect(state).toMatchObject({
      sort: "day",
      dir: "desc",
      size: 25,
      position: { kind: "first" },
      productId: null,
      search: "",
    });
    expect(state.filters.from).toBe(DEFAULTS.from);
    expect(problems.join(" ")).toMatch(/sort column/);
    expect(problems.join(" ")).toMatch(/sort direction/);
    expect(problems.join(" ")).toMatch(/Page size/);
    expect(problems.join(" ")).toMatch(/page cursor/);
    expect(problems.join(" ")).toMatch(/product/);
    expect(problems.join(" ")).toMatch(/search text/);
    expect(problems.join(" ")).toMatch(/From/);
    expect(detailsStateSchema.safeParse(state).success).toBe(true);
  });

  it("two page positions at once fall back to the first page", () => {
    const { state, problems } = parseDetailsQuery({ after: "5", before: "9" }, DEFAULTS);
    expect(state.position).toEqual({ kind: "first" });
    expect(problems).toHaveLength(1);
  });

  it("repeated parameters are reported", () => {
    const { state, problems } = parseDetailsQuery(
      new URLSearchParams("sort=cost&sort=revenue&at=last"),
      DEFAULTS,
    );
    expect(state.sort).toBe("day");
    expect(state.position).toEqual({ kind: "last" });
    expect(problems[0]).toMatch(/2 times/);
  });
});
