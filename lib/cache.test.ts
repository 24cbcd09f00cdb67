import { describe, expect, it, vi } from "vitest";
import { LruCache } from "./cache";

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("LruCache", () => {
  it("returns the cached value for a repeated key without recomputing", async () => {
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 60_000 });
    const compute = vi.fn(() => 42);
    expect(await cache.getOrCompute("a", compute)).toBe(42);
    expect(await cache.getOrCompute("a", compute)).toBe(42);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, joined: 0, size: 1 });
  });

  it("computes different keys separately", async () => {
    const cache = new LruCache<string>({ maxEntries: 10, ttlMs: 60_000 });
    expect(await cache.getOrCompute("a", () => "A")).toBe("A");
    expect(await cache.getOrCompute("b", () => "B")).toBe("B");
    expect(cache.get("a")).toBe("A");
  });

  it("recomputes once the time to live has passed", async () => {
    const time = clock();
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 1_000, now: time.now });
    let calls = 0;
    const compute = () => ++calls;
    expect(await cache.getOrCompute("a", compute)).toBe(1);
    time.advance(999);
    expect(await cache.getOrCompute("a", compute)).toBe(1);
    time.advance(1);
    expect(cache.get("a")).toBeUndefined();
    expect(await cache.getOrCompute("a", compute)).toBe(2);
  });

  it("evicts the least recently used entry beyond maxEntries", async () => {
    const cache = new LruCache<string>({ maxEntries: 2, ttlMs: 60_000 });
    await cache.getOrCompute("a", () => "A");
    await cache.getOrCompute("b", () => "B");
    expect(cache.get("a")).toBe("A"); // a is now more recent than b
    await cache.getOrCompute("c", () => "C");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("A");
    expect(cache.get("c")).toBe("C");
    expect(cache.stats().size).toBe(2);
  });

  it("computes concurrent identical requests once and gives every caller the result", async () => {
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 60_000 });
    let release!: (value: number) => void;
    const compute = vi.fn(() => new Promise<number>((resolve) => (release = resolve)));
    const requests = [
      cache.getOrCompute("a", compute),
      cache.getOrCompute("a", compute),
      cache.getOrCompute("a", compute),
    ];
    release(7);
    expect(await Promise.all(requests)).toEqual([7, 7, 7]);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toMatchObject({ misses: 1, joined: 2 });
  });

  it("does not cache a failure: waiting callers see it and the next request recomputes", async () => {
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 60_000 });
    let fail!: (error: Error) => void;
    const failing = () => new Promise<number>((_, reject) => (fail = reject));
    const first = cache.getOrCompute("a", failing);
    const joined = cache.getOrCompute("a", failing);
    fail(new Error("database locked"));
    await expect(first).rejects.toThrow("database locked");
    await expect(joined).rejects.toThrow("database locked");
    expect(cache.get("a")).toBeUndefined();
    await expect(
      cache.getOrCompute("a", () => {
        throw new Error("still failing");
      }),
    ).rejects.toThrow("still failing");
    expect(await cache.getOrCompute("a", () => 5)).toBe(5);
  });

  it("stores nothing when the time to live is zero", async () => {
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 0 });
    const compute = vi.fn(() => 1);
    await cache.getOrCompute("a", compute);
    await cache.getOrCompute("a", compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it("empties on clear", async () => {
    const cache = new LruCache<number>({ maxEntries: 10, ttlMs: 60_000 });
    await cache.getOrCompute("a", () => 1);
    cache.clear();
    expect(cache.get("a")).toBeUndefined();
  });
});
