import { describe, expect, it } from "vitest";
import type { ColumnInfo, ExplorerState } from "./state";
import {
  explorerQueryString,
  explorerStateKey,
  explorerStateSchema,
  filterProblem,
  parseExplorerQuery,
  stateProblem,
} from "./state";

const COLUMNS: ColumnInfo[] = [
  { name: "day", type: "date" },
  { name: "region", type: "text" },
  { name: "price", type: "number" },
  { name: "returned", type: "boolean" },
];
const base: ExplorerState = {
  chart: "bar",
  x: "region",
  y: "price",
  color: null,
  agg: "sum",
  frame: null,
  filters: [],
};

describe("explorer state validation", () => {
  it("rejects an unknown column and names the known ones", () => {
    expect(stateProblem({ ...base, y: "profit" }, COLUMNS)).toBe(
      "Unknown column “profit” for y. Columns: day, region, price, returned.",
    );
    expect(stateProblem({ ...base, color: "nope" }, COLUMNS)).toMatch(/Unknown column “nope” for colour/);
  });

  it("rejects columns of the wrong type for the chart", () => {
    expect(stateProblem({ ...base, chart: "line", x: "region" }, COLUMNS)).toMatch(
      /X must be a number, date or datetime/,
    );
    expect(stateProblem({ ...base, y: "region" }, COLUMNS)).toMatch(/Y must be numeric .* “region” is text/);
    expect(stateProblem({ ...base, chart: "histogram", x: "region", y: null }, COLUMNS)).toMatch(/X must be/);
    expect(stateProblem({ ...base, chart: "box", y: null }, COLUMNS)).toMatch(/needs a y column/);
    expect(stateProblem(base, COLUMNS)).toBeNull();
  });

  it("rejects filters that do not fit their column", () => {
    expect(filterProblem([{ column: "region", min: 1 }], COLUMNS)).toMatch(/list of values, not a range/);
    expect(filterProblem([{ column: "price", values: ["1"] }], COLUMNS)).toMatch(/range, not a list/);
    expect(filterProblem([{ column: "day", min: "yesterday" }], COLUMNS)).toMatch(/invalid bound/);
    expect(filterProblem([{ column: "returned", values: ["yes"] }], COLUMNS)).toMatch(/“true” and “false”/);
    expect(filterProblem([{ column: "price", min: 5, max: 1 }], COLUMNS)).toMatch(/starts after it ends/);
    expect(filterProblem([{ column: "ghost", values: [] }], COLUMNS)).toMatch(/Unknown filter column/);
  });

  it("the schema rejects unknown fields, chart types and giant lists", () => {
    expect(explorerStateSchema.safeParse({ ...base, sql: "DROP TABLE x" }).success).toBe(false);
    expect(explorerStateSchema.safeParse({ ...base, chart: "pie" }).success).toBe(false);
    const values = Array.from({ length: 51 }, (_, i) => String(i));
    expect(explorerStateSchema.safeParse({ ...base, filters: [{ column: "region", values }] }).success).toBe(
      false,
    );
  });

  it("round-trips through the URL, keeping the title out of the data key", () => {
    const state: ExplorerState = { ...base, filters: [{ column: "price", min: 1, max: 9 }] };
    const query = explorerQueryString({ state, title: "Revenue" });
    const { view, problems } = parseExplorerQuery(new URLSearchParams(query), COLUMNS);
    expect(problems).toEqual([]);
    expect(view).toEqual({ state, title: "Revenue" });
    expect(explorerStateKey(view.state)).toBe(explorerStateKey(state));
  });

  it("falls back to the default chart with a message for a bad link", () => {
    const { view, problems } = parseExplorerQuery(new URLSearchParams("chart=bar&x=ghost"), COLUMNS);
    expect(view.state.chart).toBe("histogram");
    expect(problems[0]).toMatch(/Unknown column “ghost”/);
  });
});
