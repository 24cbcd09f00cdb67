import { describe, expect, it } from "vitest";
import { fitBest, fitHoltWinters, forecastFrom } from "./forecast.mjs";

// A synthetic daily series with a known level, trend and weekly season plus small noise: the model
// must recover them and forecast the noise-free continuation closely.
const LEVEL = 1_000;
const TREND = 2.5;
const SEASON = [-120, -60, 0, 30, 60, 150, -60]; // sums to 0
const NOISE = 15;

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const truth = (t: number) => LEVEL + TREND * t + SEASON[t % 7]!;

function series(n: number, noise: number, seed = 7): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, t) => truth(t) + (random() * 2 - 1) * noise);
}

describe("Holt-Winters forecast", () => {
  it("recovers level, trend and weekly season of a noise-free series exactly", () => {
    const y = series(140, 0);
    const fit = fitHoltWinters(y, 7, 0.3, 0.1, 0.1);
    expect(fit.sse).toBeLessThan(1e-12);
    expect(fit.trend).toBeCloseTo(TREND, 9);
    // The level is the deseasonalized value of the last day.
    expect(fit.level).toBeCloseTo(LEVEL + TREND * 139, 6);
    const { mean } = forecastFrom(fit, 14);
    mean.forEach((value, h) => expect(value).toBeCloseTo(truth(140 + h), 6));
  });

  it("chooses parameters by grid search and forecasts a noisy series within tolerance", () => {
    const n = 2 * 365;
    const y = series(n, NOISE);
    const fit = fitBest(y, 7);
    expect(fit.trend).toBeGreaterThan(TREND * 0.9);
    expect(fit.trend).toBeLessThan(TREND * 1.1);
    const { mean, lower, upper, sigma } = forecastFrom(fit, 90);
    // Residual std close to the noise's (uniform on ±15: std 8.66).
    expect(sigma).toBeGreaterThan(6);
    expect(sigma).toBeLessThan(12);
    for (let h = 0; h < 90; h++) {
      const expected = truth(n + h);
      expect(Math.abs(mean[h]! - expected)).toBeLessThan(0.03 * expected);
      // The band contains the truth and widens with the horizon.
      expect(lower[h]!).toBeLessThan(expected);
      expect(upper[h]!).toBeGreaterThan(expected);
    }
    expect(upper[89]! - lower[89]!).toBeGreaterThan(upper[0]! - lower[0]!);
    // The weekly shape: Saturday-like peak (index 5) above the trough (index 0) by ~270.
    const peak = mean.findIndex((_, h) => (n + h) % 7 === 5);
    const trough = mean.findIndex((_, h) => (n + h) % 7 === 0);
    expect(mean[peak]! - mean[trough]! - TREND * (peak - trough)).toBeGreaterThan(240);
  });

  it("the selected fit has the smallest one-step error on the grid", () => {
    const y = series(200, NOISE, 11);
    const best = fitBest(y, 7);
    for (const [a, b, g] of [
      [0.5, 0, 0.5],
      [0.9, 0.2, 0.01],
      [0.02, 0.005, 0.3],
    ] as const)
      expect(best.sse).toBeLessThanOrEqual(fitHoltWinters(y, 7, a, b, g).sse);
  });

  it("refuses a series shorter than two seasons", () => {
    expect(() => fitHoltWinters([1, 2, 3, 4, 5, 6, 7, 8], 7, 0.5, 0.1, 0.1)).toThrow(/at least 14/);
  });
});
