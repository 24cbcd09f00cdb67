import { describe, expect, it } from "vitest";
import { lttb } from "./lttb";

describe("lttb", () => {
  it("keeps every point when the line is already short enough", () => {
    expect(lttb([1, 2, 3], [5, 6, 7], 10)).toEqual([0, 1, 2]);
  });

  it("keeps the first and last point and exactly `threshold` points in order", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 20));
    const kept = lttb(xs, ys, 100);
    expect(kept).toHaveLength(100);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(999);
    for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
  });

  it("picks the spike of a flat line (hand-computed)", () => {
    // 7 points, threshold 3: one inner bucket holding points 1..5; the spike at 3 forms the
    // largest triangle with point 0 and the last point.
    const xs = [0, 1, 2, 3, 4, 5, 6];
    const ys = [0, 0, 0, 10, 0, 0, 0];
    expect(lttb(xs, ys, 3)).toEqual([0, 3, 6]);
  });

  it("chooses, per bucket, the point of largest triangle area (hand-computed)", () => {
    // n = 6, threshold 4: inner buckets {1,2} and {3,4}; last bucket {5}.
    // Bucket 1 vs a=(0,0) and the average of {3,4} = (3.5, 1.5):
    //   j=1 (1,5): |(0-3.5)(5-0) - (0-1)(1.5-0)| = |-17.5 + 1.5| = 16
    //   j=2 (2,1): |(0-3.5)(1-0) - (0-2)(1.5-0)| = |-3.5 + 3| = 0.5  -> keeps 1
    // Bucket 2 vs a=(1,5) and (5,0):
    //   j=3 (3,2): |(1-5)(2-5) - (1-3)(0-5)| = |12 - 10| = 2
    //   j=4 (4,1): |(1-5)(1-5) - (1-4)(0-5)| = |16 - 15| = 1       -> keeps 3
    expect(lttb([0, 1, 2, 3, 4, 5], [0, 5, 1, 2, 1, 0], 4)).toEqual([0, 1, 3, 5]);
  });

  it("handles empty and tiny inputs", () => {
    expect(lttb([], [], 5)).toEqual([]);
    expect(lttb([1], [1], 2)).toEqual([0]);
    expect(lttb([1, 2, 3, 4], [1, 2, 3, 4], 2)).toEqual([0, 3]);
  });
});
