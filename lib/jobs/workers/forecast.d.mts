import type Database from "better-sqlite3";

export const ALPHAS: readonly number[];
export const BETAS: readonly number[];
export const GAMMAS: readonly number[];

export interface HoltWintersFit {
  alpha: number;
  beta: number;
  gamma: number;
  level: number;
  trend: number;
  /** Seasonal offsets indexed by day mod period. */
  season: Float64Array;
  sse: number;
  count: number;
  n: number;
  period: number;
}

export interface ForecastBand {
  mean: number[];
  lower: number[];
  upper: number[];
  sigma: number;
}

export interface RegionForecast {
  region: string;
  alpha: number;
  beta: number;
  gamma: number;
  sigma: number;
  history: { x: string[]; y: number[] };
  forecast: { x: string[]; y: number[]; lower: number[]; upper: number[] };
}

export interface ForecastResult {
  lastDay: string;
  horizon: number;
  regions: RegionForecast[];
}

export interface ForecastParams {
  revenueColumns: readonly string[];
  regions: readonly string[];
  horizon: number;
  historyDays: number;
}

export function addDays(isoDay: string, days: number): string;
export function fitHoltWinters(
  y: ArrayLike<number>,
  period: number,
  alpha: number,
  beta: number,
  gamma: number,
): HoltWintersFit;
export function fitBest(
  y: ArrayLike<number>,
  period: number,
  onStep?: (done: number, total: number) => void,
): HoltWintersFit;
export function forecastFrom(fit: HoltWintersFit, horizon: number): ForecastBand;
export function loadDailyRevenue(
  db: Database.Database,
  revenueColumns: readonly string[],
): { firstDay: string | null; lastDay: string | null; series: Map<string, Float64Array> };
export function runForecast(
  db: Database.Database,
  params: ForecastParams,
  onProgress: (progress: number, message: string) => void,
): ForecastResult;
