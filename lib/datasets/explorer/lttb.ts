/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps `threshold` of the points of a line so
 * its shape survives. The first and last points stay; every other bucket contributes the point that
 * forms the largest triangle with the point kept before it and the average of the next bucket.
 * Points are returned as they were (real data points, never averages), in order. `xs` must be
 * ascending.
 */
export function lttb(xs: readonly number[], ys: readonly number[], threshold: number): number[] {
  const n = xs.length;
  if (ys.length !== n) throw new Error("lttb: xs and ys differ in length");
  if (threshold >= n || threshold <= 2) {
    if (threshold >= n) return Array.from({ length: n }, (_, i) => i);
    return n === 0 ? [] : n === 1 || threshold <= 1 ? [0] : [0, n - 1];
  }
  const kept: number[] = [0];
  // Buckets share the n - 2 inner points; the first and last points are their own buckets.
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += xs[j]!;
      avgY += ys[j]!;
    }
    const count = nextEnd - nextStart;
    avgX /= count;
    avgY /= count;

    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = xs[a]!;
    const ay = ys[a]!;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (ys[j]! - ay) - (ax - xs[j]!) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return kept;
}
