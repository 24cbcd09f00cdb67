import { describe, expect, it } from "vitest";
import { INVALID, parseCell, TypeInference, type ColumnType } from "./column-types";
import { sanitizeHeaders, sanitizeName } from "./headers";

function infer(values: string[]): ColumnType {
  const inference = new TypeInference();
  for (const value of values) inference.add(value);
  return inference.result();
}

describe("type inference", () => {
  it("picks the narrowest type every non-empty value fits", () => {
    expect(infer(["1", "-20", "", "+3"])).toBe("integer");
    expect(infer(["1", "2.5", "1e3", ".5"])).toBe("number");
    expect(infer(["true", "FALSE", "yes", ""])).toBe("boolean");
    expect(infer(["2024-02-29", "2023/12/31"])).toBe("date");
    expect(infer(["2024-02-29", "2024-03-01 12:30"])).toBe("datetime");
    expect(infer(["2024-03-01T12:30:05Z", "2024-03-01 12:30:05+02:00"])).toBe("datetime");
    expect(infer(["1", "x"])).toBe("text");
  });

  it("keeps 0/1 columns as integers and empty columns as text", () => {
    expect(infer(["0", "1", "1"])).toBe("integer");
    expect(infer(["", "", ""])).toBe("text");
  });

  it("rejects impossible dates and times", () => {
    expect(infer(["2023-02-29"])).toBe("text");
    expect(infer(["2024-13-01"])).toBe("text");
    expect(infer(["2024-01-01 24:00"])).toBe("text");
  });
});

describe("cell values", () => {
  it("stores each type in its documented form", () => {
    expect(parseCell("integer", " 42 ")).toBe(42);
    expect(parseCell("number", "-1.5e2")).toBe(-150);
    expect(parseCell("boolean", "Yes")).toBe(1);
    expect(parseCell("boolean", "0")).toBe(0);
    expect(parseCell("date", "2024/02/29")).toBe("2024-02-29");
    expect(parseCell("datetime", "2024-03-01 12:30")).toBe("2024-03-01T12:30:00");
    expect(parseCell("datetime", "2024-03-01T01:30:00+02:00")).toBe("2024-02-29T23:30:00");
    expect(parseCell("datetime", "2024-03-01")).toBe("2024-03-01T00:00:00");
    expect(parseCell("text", "  keep  ")).toBe("  keep  ");
  });

  it("makes an empty cell NULL whatever the type", () => {
    for (const type of ["integer", "number", "date", "datetime", "boolean", "text"] as const)
      expect(parseCell(type, "")).toBeNull();
  });

  it("marks values that do not fit", () => {
    expect(parseCell("integer", "1.5")).toBe(INVALID);
    expect(parseCell("integer", "99999999999999999")).toBe(INVALID);
    expect(parseCell("number", "12abc")).toBe(INVALID);
    expect(parseCell("boolean", "maybe")).toBe(INVALID);
    expect(parseCell("date", "2024-02-30")).toBe(INVALID);
  });
});

describe("column names", () => {
  it("trims, collapses whitespace and caps the length", () => {
    expect(sanitizeName("  unit \t price\n(usd) ")).toBe("unit price (usd)");
    expect(Array.from(sanitizeName("é".repeat(100))).length).toBe(64);
  });

  it("de-duplicates names that collide only after sanitizing", () => {
    const columns = sanitizeHeaders(["Price", "price", "a  b", "a b", "x".repeat(70), `${"x".repeat(64)}y`]);
    expect(columns.map((c) => c.name)).toEqual([
      "Price",
      "price (2)",
      "a b",
      "a b (2)",
      "x".repeat(64),
      `${"x".repeat(60)} (2)`,
    ]);
    expect(columns.map((c) => c.header)).toEqual([
      "Price",
      "price",
      "a  b",
      "a b",
      "x".repeat(70),
      `${"x".repeat(64)}y`,
    ]);
    expect(columns.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("refuses empty and repeated headers, naming line 1 and the column", () => {
    expect(() => sanitizeHeaders(["a", " ", "c"])).toThrow(/^Line 1, column 2: the header is empty/);
    expect(() => sanitizeHeaders(["a", "b", " a"])).toThrow(
      /^Line 1, column 3: the header "a" repeats column 1/,
    );
  });
});
