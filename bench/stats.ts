import { createRandom } from "../db/random";
// Small numeric helpers shared by the benchmark's parent and child processes.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  min: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples.length ? Math.max(...samples) : Number.NaN,
    min: samples.length ? Math.min(...samples) : Number.NaN,
  };
}

/** A seeded generator, so every run of the benchmark draws the same filter states. */
export const seededRandom = createRandom;

export const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)]!;

/** A random subset in declared order; about a third of draws return [] ("all"). */
export function randomSubset<T>(random: () => number, values: readonly T[]): T[] {
  if (random() < 0.35) return [];
  const picked = values.filter(() => random() < 0.5);
  return picked.length === values.length ? [] : picked;
}
