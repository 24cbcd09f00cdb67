import { describe, expect, it } from "vitest";
import { breakdown, percentile, RingBuffer, summarizeRequests, type RequestRecord } from "./stats";

const record = (
  name: string,
  totalMs: number,
  at = 1_000,
  extra: Partial<RequestRecord> = {},
): RequestRecord => ({
  at,
  name,
  kind: "page",
  status: 200,
  totalMs,
  dbMs: 0,
  dbCalls: 0,
  cacheMs: 0,
  cacheHits: 0,
  cacheMisses: 0,
  computeMs: 0,
  serializeMs: 0,
  ...extra,
});

describe("percentile (nearest rank)", () => {
  it("matches hand-computed ranks", () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    expect(percentile(sorted, 50)).toBe(10);
    expect(percentile(sorted, 95)).toBe(19);
    expect(percentile(sorted, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("request summary", () => {
  it("gives count, p50, p95 and max per name, slowest p95 first, within the window", () => {
    const records = [
      ...[5, 1, 3, 2, 4].map((ms) => record("GET /", ms, 2_000)),
      ...Array.from({ length: 100 }, (_, i) =>
        record("action getOverview", 100 - i, 2_000, { kind: "action" }),
      ),
      record("GET /", 999, 500), // too old
      record("GET /api/live", 60_000, 2_000, { kind: "stream" }),
    ];
    const summary = summarizeRequests(records, 1_000);
    expect(summary.map((s) => s.name)).toEqual(["action getOverview", "GET /", "GET /api/live"]);
    expect(summary[0]).toMatchObject({ kind: "action", count: 100, p50: 50, p95: 95, max: 100 });
    expect(summary[1]).toMatchObject({ count: 5, p50: 3, p95: 5, max: 5 });
  });

  it("averages the breakdown and adds up cache hits", () => {
    const [summary] = summarizeRequests(
      [
        record("a", 10, 1_000, { dbMs: 4, computeMs: 5, serializeMs: 1, cacheHits: 1 }),
        record("a", 20, 1_000, { dbMs: 8, computeMs: 9, serializeMs: 3, cacheMisses: 1 }),
      ],
      0,
    );
    expect(summary).toMatchObject({
      meanDbMs: 6,
      meanComputeMs: 7,
      meanSerializeMs: 2,
      cacheHits: 1,
      cacheMisses: 1,
    });
  });
});

describe("breakdown", () => {
  it("splits an action into compute (its body minus SQL and cache) and serialization (the rest)", () => {
    expect(breakdown({ totalMs: 50, dbMs: 20, cacheMs: 1, handlerMs: 30 })).toEqual({
      computeMs: 9,
      serializeMs: 20,
    });
  });
  it("counts a page's render as compute", () => {
    expect(breakdown({ totalMs: 50, dbMs: 20, cacheMs: 0, handlerMs: null })).toEqual({
      computeMs: 30,
      serializeMs: 0,
    });
  });
});

describe("ring buffer", () => {
  it("keeps the last `capacity` items, oldest first", () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    [1, 2].forEach((n) => ring.push(n));
    expect(ring.toArray()).toEqual([1, 2]);
    [3, 4, 5].forEach((n) => ring.push(n));
    expect(ring.toArray()).toEqual([3, 4, 5]);
    ring.push(6);
    expect(ring.toArray()).toEqual([4, 5, 6]);
  });
});
