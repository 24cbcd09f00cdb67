// Full profile of one dataset (rows in ds_<id>, columns c0..cK; see db/migrations/004-datasets.ts):
// per-column statistics, histograms binned in SQL, the most frequent values of text columns, and
// the Pearson correlation matrix of the numeric columns, computed in SQL as sums over the rows. The
// result's size is bounded whatever the table size: at most MAX_COLUMNS columns of HISTOGRAM_BINS
// bins and TOP_VALUES values, and a MAX_CORRELATION_COLUMNS-square matrix.

export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;
export const MAX_COLUMNS = 200;
export const MAX_CORRELATION_COLUMNS = 20;
/** Column pairs per correlation query: 6 sums each, well under SQLite's 2,000 result columns. */
const PAIRS_PER_QUERY = 40;
const MAX_VALUE_LENGTH = 80;

const NUMERIC = new Set(["integer", "number"]);
const TEMPORAL = new Set(["date", "datetime"]);

function identifiers(datasetId, position) {
  if (!Number.isSafeInteger(datasetId) || datasetId <= 0) throw new Error(`invalid dataset ${datasetId}`);
  if (!Number.isSafeInteger(position) || position < 0) throw new Error(`invalid column ${position}`);
  return { table: `ds_${datasetId}`, column: `c${position}` };
}

const clip = (value) =>
  typeof value === "string" && value.length > MAX_VALUE_LENGTH
    ? `${value.slice(0, MAX_VALUE_LENGTH)}…`
    : value;

/**
 * Equal-width bins over [min, max] counted in SQL, with the sum of squared deviations from `mean`
 * per bin (added up for the standard deviation, which avoids E[x²] - E[x]² cancellation). Integer
 * columns with a small range get one bin per value.
 */
function histogram(db, table, valueSql, { min, max, mean, integer }) {
  if (min === null || max === null) return { bins: [], sumSquares: 0 };
  const span = max - min;
  const count = span === 0 ? 1 : integer && span + 1 <= HISTOGRAM_BINS ? span + 1 : HISTOGRAM_BINS;
  const width = span === 0 ? 1 : integer && span + 1 <= HISTOGRAM_BINS ? 1 : span / HISTOGRAM_BINS;
  const rows = db
    .prepare(
      `SELECT MIN(CAST((v - @min) / @width AS INTEGER), @last) AS bin, COUNT(*) AS n,
              SUM((v - @mean) * (v - @mean)) AS ss
       FROM (SELECT ${valueSql} AS v FROM ${table}) WHERE v IS NOT NULL GROUP BY bin ORDER BY bin`,
    )
    .all({ min, width, last: count - 1, mean: mean ?? 0 });
  const bins = Array.from({ length: count }, (_, i) => ({
    from: min + i * width,
    to: integer && width === 1 ? min + i : i === count - 1 ? max : min + (i + 1) * width,
    count: 0,
  }));
  let sumSquares = 0;
  for (const row of rows) {
    bins[row.bin].count = row.n;
    sumSquares += row.ss ?? 0;
  }
  return { bins, sumSquares };
}

function julianToIso(value, withTime) {
  const ms = (value - 2440587.5) * 86_400_000;
  const iso = new Date(Math.round(ms)).toISOString();
  return withTime ? iso.slice(0, 19) : iso.slice(0, 10);
}

function profileColumn(db, datasetId, col) {
  const { table, column } = identifiers(datasetId, col.position);
  const base = db
    .prepare(
      `SELECT COUNT(*) AS rows, COUNT(${column}) AS count, COUNT(DISTINCT ${column}) AS distinct_count FROM ${table}`,
    )
    .get();
  const out = {
    position: col.position,
    name: col.name,
    type: col.type,
    count: base.count,
    nulls: base.rows - base.count,
    distinct: base.distinct_count,
    min: null,
    max: null,
    mean: null,
    std: null,
    histogram: [],
    top: [],
  };
  if (NUMERIC.has(col.type) || TEMPORAL.has(col.type)) {
    const valueSql = TEMPORAL.has(col.type) ? `julianday(${column})` : column;
    const stats = db
      .prepare(
        `SELECT MIN(v) AS min, MAX(v) AS max, AVG(v) AS mean, COUNT(v) AS n FROM (SELECT ${valueSql} AS v FROM ${table})`,
      )
      .get();
    const integer = col.type === "integer";
    const { bins, sumSquares } = histogram(db, table, valueSql, { ...stats, integer });
    if (TEMPORAL.has(col.type)) {
      const withTime = col.type === "datetime";
      const label = (v) => (v === null ? null : julianToIso(v, withTime));
      out.min = label(stats.min);
      out.max = label(stats.max);
      out.histogram = bins.map((bin) => ({ from: label(bin.from), to: label(bin.to), count: bin.count }));
    } else {
      out.min = stats.min;
      out.max = stats.max;
      out.mean = stats.mean;
      out.std = stats.n > 1 ? Math.sqrt(sumSquares / (stats.n - 1)) : null;
      out.histogram = bins;
    }
  } else if (col.type === "boolean") {
    const rows = db
      .prepare(
        `SELECT ${column} AS value, COUNT(*) AS n FROM ${table} WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY 1 DESC`,
      )
      .all();
    out.top = rows.map((row) => ({ value: row.value ? "true" : "false", count: row.n }));
  } else {
    const lengths = db
      .prepare(
        `SELECT MIN(length(${column})) AS min, MAX(length(${column})) AS max, AVG(length(${column})) AS mean FROM ${table}`,
      )
      .get();
    out.min = lengths.min;
    out.max = lengths.max;
    out.mean = lengths.mean;
    const rows = db
      .prepare(
        `SELECT ${column} AS value, COUNT(*) AS n FROM ${table} WHERE ${column} IS NOT NULL
         GROUP BY 1 ORDER BY n DESC, value LIMIT ${TOP_VALUES}`,
      )
      .all();
    out.top = rows.map((row) => ({ value: clip(String(row.value)), count: row.n }));
  }
  return out;
}

/**
 * Pearson r for every pair of numeric columns over the rows where both are present, from six sums
 * per pair, with values shifted by their column mean first (r does not change under a shift, and the
 * sums stay small, so n Σxy - Σx Σy does not lose precision to cancellation).
 */
function correlations(db, datasetId, numeric, onChunk) {
  const k = numeric.length;
  const matrix = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i === j ? 1 : null)),
  );
  const pairs = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  const table = identifiers(datasetId, 0).table;
  const chunks = Math.ceil(pairs.length / PAIRS_PER_QUERY);
  for (let c = 0; c < chunks; c++) {
    const chunk = pairs.slice(c * PAIRS_PER_QUERY, (c + 1) * PAIRS_PER_QUERY);
    const params = {};
    const sums = chunk.map(([i, j], index) => {
      const a = numeric[i];
      const b = numeric[j];
      const x = identifiers(datasetId, a.position).column;
      const y = identifiers(datasetId, b.position).column;
      params[`m${a.position}`] = a.mean ?? 0;
      params[`m${b.position}`] = b.mean ?? 0;
      const dx = `(${x} - @m${a.position})`;
      const dy = `(${y} - @m${b.position})`;
      return [
        `COUNT(${x} + ${y}) AS n${index}`,
        `SUM(${dx} + 0 * ${y}) AS sx${index}`,
        `SUM(${dy} + 0 * ${x}) AS sy${index}`,
        `SUM(${dx} * ${dx} + 0 * ${y}) AS sxx${index}`,
        `SUM(${dy} * ${dy} + 0 * ${x}) AS syy${index}`,
        `SUM(${dx} * ${dy}) AS sxy${index}`,
      ].join(", ");
    });
    const row = db.prepare(`SELECT ${sums.join(", ")} FROM ${table}`).get(params);
    chunk.forEach(([i, j], index) => {
      const n = row[`n${index}`];
      const sx = row[`sx${index}`] ?? 0;
      const sy = row[`sy${index}`] ?? 0;
      const vx = n * (row[`sxx${index}`] ?? 0) - sx * sx;
      const vy = n * (row[`syy${index}`] ?? 0) - sy * sy;
      const r =
        n >= 2 && vx > 0 && vy > 0 ? (n * (row[`sxy${index}`] ?? 0) - sx * sy) / Math.sqrt(vx * vy) : null;
      const clamped = r === null ? null : Math.max(-1, Math.min(1, r));
      matrix[i][j] = clamped;
      matrix[j][i] = clamped;
    });
    onChunk(c + 1, chunks);
  }
  return { columns: numeric.map((col) => col.name), matrix };
}

/** The profile job. `dataset` comes from the server's catalogue read (lib/data/datasets.ts). */
export function runProfile(db, { dataset }, onProgress) {
  const { table } = identifiers(dataset.id, 0);
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
  if (!exists) throw new Error("The dataset's rows are missing.");
  const columns = dataset.columns.slice(0, MAX_COLUMNS);
  const rowCount = db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
  const profiled = [];
  for (const [index, col] of columns.entries()) {
    onProgress(2 + Math.floor((70 * index) / columns.length), `Profiling column “${col.name}”`);
    profiled.push(profileColumn(db, dataset.id, col));
  }
  const numeric = profiled
    .filter((col) => NUMERIC.has(col.type) && col.count > 0)
    .slice(0, MAX_CORRELATION_COLUMNS);
  onProgress(72, "Correlating numeric columns");
  const correlation = correlations(db, dataset.id, numeric, (done, total) =>
    onProgress(72 + Math.floor((27 * done) / total), "Correlating numeric columns"),
  );
  return {
    datasetId: dataset.id,
    name: dataset.name,
    rowCount,
    columns: profiled,
    omittedColumns: dataset.columns.length - columns.length,
    correlation,
  };
}
