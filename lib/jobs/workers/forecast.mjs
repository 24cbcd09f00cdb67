// Revenue forecast per region: additive Holt-Winters (level, trend and a weekly season) fitted on
// daily totals. Plain JavaScript on purpose: this module runs inside a worker thread that Next.js
// does not bundle (lib/jobs/workers/job-worker.mjs), and unit tests import it directly.

const DAY_MS = 86_400_000;

/** The grid searched for each series: 8 x 6 x 6 = 288 fits of ~1,800 days, ~10 ms per region. */
export const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
export const BETAS = [0, 0.005, 0.01, 0.03, 0.1, 0.2];
export const GAMMAS = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5];

/** z for a two-sided 95% band. */
const Z95 = 1.959964;

export function addDays(isoDay, days) {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Fits additive Holt-Winters with fixed smoothing parameters. The first season initialises the
 * level (its mean), the trend (the change between the first two seasons' means, per day) and the
 * seasonal offsets; every later point is forecast one step ahead and then absorbed, and the sum of
 * squared one-step errors scores the parameters.
 */
export function fitHoltWinters(y, period, alpha, beta, gamma) {
  const n = y.length;
  if (n < 2 * period) throw new Error(`need at least ${2 * period} points, got ${n}`);
  let first = 0;
  let second = 0;
  for (let i = 0; i < period; i++) {
    first += y[i];
    second += y[i + period];
  }
  first /= period;
  second /= period;
  const trend0 = (second - first) / period;
  // The first season's mean is the level at mid-season; the offsets are taken from the trend line
  // through it, and the level starts on the season's last day.
  const middle = (period - 1) / 2;
  const season = new Float64Array(period);
  for (let i = 0; i < period; i++) season[i] = y[i] - (first + trend0 * (i - middle));
  let level = first + trend0 * middle;
  let trend = trend0;
  let sse = 0;
  for (let t = period; t < n; t++) {
    const s = t % period;
    const error = y[t] - (level + trend + season[s]);
    sse += error * error;
    const previous = level;
    level = alpha * (y[t] - season[s]) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    season[s] = gamma * (y[t] - level) + (1 - gamma) * season[s];
  }
  const count = n - period;
  return { alpha, beta, gamma, level, trend, season, sse, count, n, period };
}

/** Picks the grid point with the smallest one-step SSE. `onStep(done, total)` reports progress. */
export function fitBest(y, period, onStep) {
  const total = ALPHAS.length * BETAS.length * GAMMAS.length;
  let best = null;
  let done = 0;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const fit = fitHoltWinters(y, period, alpha, beta, gamma);
        if (best === null || fit.sse < best.sse) best = fit;
      }
      done += GAMMAS.length;
      onStep?.(done, total);
    }
  }
  return best;
}

/**
 * Point forecasts for days 1..horizon after the series, with a 95% band from the one-step
 * residuals' standard deviation, widened with the horizon as for additive Holt-Winters
 * (Hyndman et al. 2008, class 1): var(h) = s^2 (1 + sum_{j<h} (alpha (1 + j beta) + gamma [j mod m = 0])^2).
 */
export function forecastFrom(fit, horizon) {
  const { alpha, beta, gamma, level, trend, season, n, period } = fit;
  const dof = Math.max(1, fit.count - 3);
  const sigma = Math.sqrt(fit.sse / dof);
  const mean = [];
  const lower = [];
  const upper = [];
  let spread = 1;
  for (let h = 1; h <= horizon; h++) {
    if (h > 1) {
      const j = h - 1;
      const c = alpha * (1 + j * beta) + (j % period === 0 ? gamma : 0);
      spread += c * c;
    }
    const point = level + h * trend + season[(n + h - 1) % period];
    const half = Z95 * sigma * Math.sqrt(spread);
    mean.push(point);
    lower.push(point - half);
    upper.push(point + half);
  }
  return { mean, lower, upper, sigma };
}

/** Daily revenue (in dollars) per region from `agg_day`, zero-filled from the first to the last day. */
export function loadDailyRevenue(db, revenueColumns) {
  for (const column of revenueColumns)
    if (!/^revenue_[a-z_]+$/.test(column)) throw new Error(`unexpected column ${column}`);
  const rows = db
    .prepare(`SELECT day, region, ${revenueColumns.join(" + ")} AS cents FROM agg_day ORDER BY day`)
    .raw()
    .all();
  if (rows.length === 0) return { firstDay: null, lastDay: null, series: new Map() };
  const firstDay = rows[0][0];
  const lastDay = rows[rows.length - 1][0];
  const length = Math.round((Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS) + 1;
  const series = new Map();
  for (const [day, region, cents] of rows) {
    let values = series.get(region);
    if (!values) series.set(region, (values = new Float64Array(length)));
    values[Math.round((Date.parse(day) - Date.parse(firstDay)) / DAY_MS)] += cents / 100;
  }
  return { firstDay, lastDay, series };
}

const round2 = (value) => Math.round(value * 100) / 100;

/**
 * The forecast job: every region's daily revenue, a grid-searched weekly Holt-Winters fit, and the
 * last `historyDays` of history with `horizon` forecast days and their band. Rounded to cents so the
 * stored JSON stays small (~30 kB for five regions).
 */
export function runForecast(db, { revenueColumns, regions, horizon, historyDays }, onProgress) {
  onProgress(2, "Reading daily revenue per region");
  const { lastDay, series } = loadDailyRevenue(db, revenueColumns);
  if (lastDay === null) throw new Error("There are no orders to forecast from.");
  const period = 7;
  const results = [];
  const ordered = regions.filter((region) => series.has(region));
  for (const [index, region] of ordered.entries()) {
    const y = series.get(region);
    if (y.length < 4 * period) throw new Error(`${region} has only ${y.length} days of history; need 28.`);
    const fit = fitBest(y, period, (done, total) =>
      onProgress(5 + Math.floor((90 * (index + done / total)) / ordered.length), `Fitting ${region}`),
    );
    const { mean, lower, upper, sigma } = forecastFrom(fit, horizon);
    const shown = Math.min(historyDays, y.length);
    const historyStart = addDays(lastDay, 1 - shown);
    results.push({
      region,
      alpha: fit.alpha,
      beta: fit.beta,
      gamma: fit.gamma,
      sigma: round2(sigma),
      history: {
        x: Array.from({ length: shown }, (_, i) => addDays(historyStart, i)),
        y: Array.from(y.subarray(y.length - shown), round2),
      },
      forecast: {
        x: Array.from({ length: horizon }, (_, i) => addDays(lastDay, i + 1)),
        y: mean.map(round2),
        lower: lower.map((v) => round2(Math.max(0, v))),
        upper: upper.map(round2),
      },
    });
  }
  onProgress(99, "Saving the forecast");
  return { lastDay, horizon, regions: results };
}
