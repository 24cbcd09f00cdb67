import "server-only";
import { LruCache } from "../../cache";
import { datasetTable, type Dataset } from "../../data/datasets";
import { statement } from "../../db";
import { getCubes, groupedSource, type Cube } from "./cube";
import { lttb } from "./lttb";
import {
  columnOf,
  groupedSql,
  labelExpr,
  numericExpr,
  quantileSql,
  readGrouped,
  whereClause,
  type Col,
  type GroupLimit,
  type GroupedResult,
  type SqlValue,
} from "./sql";
import { explorerStateKey, type ChartType, type ExplorerState } from "./state";
import { datasetSignature, getColumnRanges, type ColumnRange } from "./stats";

// The Explorer's figures: every aggregate, bin and quartile is computed in SQL, and every payload
// is bounded whatever the table size (see LIMITS). Traces are plain Plotly objects without styling;
// the client adds the theme and the title.

export const LIMITS = {
  /** SVG scatter stays responsive to ~3k points; scattergl did not fit the JS budget. */
  scatterPoints: 3_000,
  /** Points drawn per line chart after LTTB, shared by its series. */
  linePoints: 4_000,
  /** X buckets a line is aggregated into in SQL before LTTB. */
  lineBuckets: 10_000,
  bars: 50,
  series: 10,
  boxes: 30,
  bins: 40,
  heatCategories: 40,
  frames: 30,
  frameBars: 30,
  frameSeries: 5,
} as const;

export type AxisType = "linear" | "date" | "category";

export interface FigureTrace {
  type: "scatter" | "bar" | "box" | "heatmap";
  name?: string;
  x?: (string | number | null)[];
  y?: (string | number | null)[];
  z?: (number | null)[][];
  mode?: "markers" | "lines";
  width?: number[];
  q1?: number[];
  median?: number[];
  q3?: number[];
  lowerfence?: number[];
  upperfence?: number[];
  mean?: number[];
}

export interface ExplorerFigure {
  /** explorerStateKey of the state drawn. */
  key: string;
  chart: ChartType;
  traces: FigureTrace[];
  /** Animation frames (same traces, one set per frame value), or null. */
  frames: { name: string; traces: FigureTrace[] }[] | null;
  axes: { x: { title: string; type: AxisType }; y: { title: string; type: AxisType } };
  /** Rows the chart summarizes (after filters, without rows missing a needed value). */
  rowsUsed: number;
  /** Points, bars, boxes or cells sent. */
  pointsDrawn: number;
  notes: string[];
  barmode?: "group" | "overlay";
  /** The frame column's name, for the slider. */
  frameLabel?: string;
}

const figureCache = new LruCache<ExplorerFigure>({ maxEntries: 300, ttlMs: 24 * 3600 * 1000 });

const fmt = (n: number) => n.toLocaleString("en-US");
const JULIAN_UNIX_EPOCH = 2440587.5;
const DAY_MS = 86_400_000;

function axisType(col: Col): AxisType {
  if (col.type === "date" || col.type === "datetime") return "date";
  if (col.type === "text" || col.type === "boolean") return "category";
  return "linear";
}

/** A Julian day as the column's own text form (date or datetime). */
function fromJulian(jd: number, col: Col): string {
  const iso = new Date(Math.round((jd - JULIAN_UNIX_EPOCH) * DAY_MS)).toISOString();
  return col.type === "date" ? iso.slice(0, 10) : iso.slice(0, 19);
}

function julian(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`) / DAY_MS + JULIAN_UNIX_EPOCH;
}

interface Bins {
  expr: string;
  /** One bin per whole value (small integer or date ranges): bin i holds exactly lo + i. */
  exact: boolean;
  lo: number;
  width: number;
  count: number;
}

/** Equal-width bins over the column's whole range (stable when filters change), whole units for small integer ranges. */
function binsFor(col: Col, range: ColumnRange | undefined, target: number): Bins | null {
  if (!range || range.min === null || range.max === null) return null;
  const lo = typeof range.min === "number" ? range.min : julian(String(range.min));
  const hi = typeof range.max === "number" ? range.max : julian(String(range.max));
  // Written into the SQL below as literals, so only finite numbers the server computed get there.
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(hi - lo)) return null;
  let width: number;
  let count: number;
  let exact = false;
  if ((col.type === "integer" || col.type === "boolean" || col.type === "date") && hi - lo + 1 <= target) {
    width = 1;
    count = Math.round(hi - lo) + 1;
    exact = true;
  } else if (hi === lo) {
    width = 1;
    count = 1;
    exact = true;
  } else {
    width = (hi - lo) / target;
    count = target;
  }
  const expr = `MIN(CAST((${numericExpr(col)} - (${lo})) / (${width}) AS INTEGER), ${count - 1})`;
  return { expr, exact, lo, width, count };
}

function binCentre(bins: Bins, index: number, col: Col): string | number {
  const centre = bins.lo + (index + (bins.exact ? 0 : 0.5)) * bins.width;
  return col.type === "date" || col.type === "datetime" ? fromJulian(centre, col) : centre;
}

function runGrouped(sql: { sql: string; params: SqlValue[] }, groups: number): GroupedResult {
  const rows = statement(sql.sql).all(...sql.params) as Record<string, string | number | null>[];
  return readGrouped(rows, groups);
}

function limitNote(what: string, shown: number, total: number, by: string): string | null {
  return total > shown ? `Showing the ${fmt(shown)} ${by} of ${fmt(total)} ${what}.` : null;
}

interface Context {
  dataset: Dataset;
  state: ExplorerState;
  table: string;
  ranges: Map<string, ColumnRange>;
  x: Col;
  y: Col | null;
  color: Col | null;
  frame: Col | null;
  cubes: Cube[];
}

function yTitle(ctx: Context): string {
  const { state, y } = ctx;
  if (state.agg === "count" || !y) return "Rows";
  return `${state.agg === "mean" ? "Mean" : state.agg[0]!.toUpperCase() + state.agg.slice(1)} of ${y.name}`;
}

function scatterFigure(ctx: Context): Omit<ExplorerFigure, "key" | "chart"> {
  const { x, y, color, frame, dataset } = ctx;
  const yCol = y!;
  const where = whereClause(dataset, ctx.state.filters, [x.ident, yCol.ident]);
  // Without a filter the stored ranges give the count: all rows but those missing X or Y, when at
  // most one of the two has missing values.
  const present = [x, yCol].map((col) => ctx.ranges.get(col.name)?.count);
  const counted =
    ctx.state.filters.length === 0 &&
    present.every((count) => count !== undefined) &&
    present.filter((count) => count !== dataset.rowCount).length <= 1;
  const n = counted
    ? Math.min(...(present as number[]))
    : (statement(`SELECT COUNT(*) AS n FROM ${ctx.table} ${where.sql}`).get(...where.params) as { n: number })
        .n;
  // Every k-th row by row id: an even, deterministic sample of the filtered rows. Without a filter
  // its candidates are the ids k, 2k, 3k... (the import numbers rows 1..rowCount and never deletes
  // one): read by id, a few ms, rather than testing each row of the table (~150 ms at 1M rows).
  const every = Math.max(1, Math.ceil(n / LIMITS.scatterPoints));
  const candidates = Math.floor(dataset.rowCount / every);
  const byId = counted && candidates <= 4 * LIMITS.scatterPoints;
  const columns = `${x.ident} AS x, ${yCol.ident} AS y, ${color ? labelExpr(color) : "''"} AS c, ${frame ? labelExpr(frame) : "''"} AS f`;
  const and = where.sql ? `${where.sql} AND` : "WHERE";
  const sample = byId
    ? `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${candidates})
       SELECT ${columns} FROM ${ctx.table} ${and} _row IN (SELECT i * ${every} FROM k)
       ORDER BY _row LIMIT ${LIMITS.scatterPoints}`
    : `SELECT ${columns} FROM ${ctx.table} ${every > 1 ? `${and} _row % ${every} = 0` : where.sql}
       ORDER BY _row LIMIT ${LIMITS.scatterPoints}`;
  const rows = statement(sample).all(...where.params) as {
    x: string | number;
    y: string | number;
    c: string | number;
    f: string | number;
  }[];

  const counts = new Map<string, number>();
  for (const row of rows) counts.set(String(row.c), (counts.get(String(row.c)) ?? 0) + 1);
  const kept = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, LIMITS.series);
  const names = new Set(kept.map(([name]) => name));
  const seriesOf = (c: string | number) => (names.has(String(c)) ? String(c) : "Other");
  const seriesNames = [...kept.map(([name]) => name), ...(counts.size > names.size ? ["Other"] : [])];

  const tracesOf = (subset: typeof rows): FigureTrace[] =>
    seriesNames.map((name) => {
      const points = subset.filter((row) => seriesOf(row.c) === name);
      return {
        type: "scatter",
        mode: "markers",
        name: color ? name : yCol.name,
        x: points.map((p) => p.x),
        y: points.map((p) => p.y),
      };
    });

  const notes: string[] = [];
  if (every > 1)
    notes.push(
      `Showing ${fmt(rows.length)} of ${fmt(n)} points (every ${fmt(every)}th row of the selection).`,
    );
  let frames: ExplorerFigure["frames"] = null;
  let traces: FigureTrace[];
  if (frame) {
    const values = [...new Set(rows.map((row) => row.f))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const shown = values.slice(0, LIMITS.frames);
    if (values.length > shown.length)
      notes.push(`Animating the first ${shown.length} of ${values.length} ${frame.name} values.`);
    frames = shown.map((value) => ({
      name: String(value),
      traces: tracesOf(rows.filter((row) => row.f === value)),
    }));
    traces = frames[0]?.traces ?? tracesOf([]);
  } else {
    traces = tracesOf(rows);
  }
  return {
    traces,
    frames,
    axes: { x: { title: x.name, type: axisType(x) }, y: { title: yCol.name, type: axisType(yCol) } },
    rowsUsed: n,
    pointsDrawn: rows.length,
    notes,
  };
}

function lineFigure(ctx: Context): Omit<ExplorerFigure, "key" | "chart"> {
  const { x, y, color, state, dataset } = ctx;
  const notes: string[] = [];
  const bins = binsFor(x, ctx.ranges.get(x.name), LIMITS.lineBuckets);
  const yExpr = state.agg === "count" ? null : y!.ident;
  const source = groupedSource(dataset, ctx.table, ctx.cubes, {
    columns: [x, color],
    filters: state.filters,
    notNull: [x],
    agg: state.agg,
    y,
  });
  // Whole X values when there are few enough of them, else equal-width buckets each drawn at its
  // first X.
  const exact = !bins || bins.exact;
  if (!exact)
    notes.push(
      `X is grouped into ${fmt(bins.count)} equal-width buckets, each drawn at its first ${x.name}.`,
    );
  const result = runGrouped(
    groupedSql({
      ...source,
      groups: [exact ? x.ident : bins.expr, color?.ident ?? null],
      labels: [null, color],
      rep: x.ident,
      agg: state.agg,
      y: yExpr,
      limits: color ? [{ group: 1, limit: LIMITS.series, by: "count" }] : [],
    }),
    2,
  );
  const series = new Map<string, { x: (string | number)[]; y: number[] }>();
  for (const row of result.rows) {
    const name = String(row.g[1]);
    let s = series.get(name);
    if (!s) series.set(name, (s = { x: [], y: [] }));
    s.x.push(row.rep!);
    s.y.push(row.value);
  }
  if (color) {
    const note = limitNote(`${color.name} values`, series.size, result.distinct[1]!, "most frequent");
    if (note) notes.push(note);
  }
  const perSeries = Math.max(2, Math.floor(LIMITS.linePoints / Math.max(1, series.size)));
  let drawn = 0;
  let thinned = false;
  const traces: FigureTrace[] = [...series.entries()].map(([name, s]) => {
    let keep: number[] | null = null;
    if (s.x.length > perSeries) {
      const xs = s.x.map((v) => (typeof v === "number" ? v : julian(v)));
      keep = lttb(xs, s.y, perSeries);
      thinned = true;
    }
    const xs = keep ? keep.map((i) => s.x[i]!) : s.x;
    const ys = keep ? keep.map((i) => s.y[i]!) : s.y;
    drawn += xs.length;
    return { type: "scatter", mode: "lines", name: color ? name : yTitle(ctx), x: xs, y: ys };
  });
  if (thinned)
    notes.push(`Long lines are thinned to ${fmt(perSeries)} points each (LTTB), keeping their shape.`);
  return {
    traces,
    frames: null,
    axes: { x: { title: x.name, type: axisType(x) }, y: { title: yTitle(ctx), type: "linear" } },
    rowsUsed: result.total,
    pointsDrawn: drawn,
    notes,
  };
}

function barFigure(ctx: Context): Omit<ExplorerFigure, "key" | "chart"> {
  const { x, y, color, frame, state, dataset } = ctx;
  const notes: string[] = [];
  const yExpr = state.agg === "count" ? null : y!.ident;
  const source = groupedSource(dataset, ctx.table, ctx.cubes, {
    columns: [x, color, frame],
    filters: state.filters,
    notNull: [],
    agg: state.agg,
    y,
  });
  const groups = [x.ident, color?.ident ?? null, ...(frame ? [frame.ident] : [])];
  const limits: GroupLimit[] = [
    { group: 0, limit: frame ? LIMITS.frameBars : LIMITS.bars, by: "count" },
    ...(color ? [{ group: 1, limit: frame ? LIMITS.frameSeries : LIMITS.series, by: "count" as const }] : []),
    ...(frame ? [{ group: 2, limit: LIMITS.frames, by: "value" as const }] : []),
  ];
  const result = runGrouped(
    groupedSql({
      ...source,
      groups,
      labels: [x, color, frame],
      rep: null,
      agg: state.agg,
      y: yExpr,
      limits,
    }),
    groups.length,
  );
  const xs = [...new Set(result.rows.map((r) => r.g[0]!))];
  const note = limitNote(`${x.name} values`, xs.length, result.distinct[0]!, "most frequent");
  if (note) notes.push(note);
  const seriesNames = [...new Set(result.rows.map((r) => String(r.g[1])))];
  if (color) {
    const colorNote = limitNote(
      `${color.name} values`,
      seriesNames.length,
      result.distinct[1]!,
      "most frequent",
    );
    if (colorNote) notes.push(colorNote);
  }
  const tracesOf = (rows: GroupedResult["rows"]): FigureTrace[] =>
    seriesNames.map((name) => {
      const byX = new Map(rows.filter((r) => String(r.g[1]) === name).map((r) => [r.g[0], r.value]));
      return {
        type: "bar",
        name: color ? name : yTitle(ctx),
        x: xs,
        y: xs.map((value) => byX.get(value) ?? null),
      };
    });
  let frames: ExplorerFigure["frames"] = null;
  let traces: FigureTrace[];
  if (frame) {
    const values = [...new Set(result.rows.map((r) => r.g[2]!))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const frameNote = limitNote(`${frame.name} values`, values.length, result.distinct[2]!, "first");
    if (frameNote) notes.push(frameNote);
    frames = values.map((value) => ({
      name: String(value),
      traces: tracesOf(result.rows.filter((r) => r.g[2] === value)),
    }));
    traces = frames[0]?.traces ?? [];
  } else {
    traces = tracesOf(result.rows);
  }
  return {
    traces,
    frames,
    axes: { x: { title: x.name, type: "category" }, y: { title: yTitle(ctx), type: "linear" } },
    rowsUsed: result.total,
    pointsDrawn: result.rows.length,
    notes,
    barmode: "group",
  };
}

function histogramFigure(ctx: Context): Omit<ExplorerFigure, "key" | "chart"> {
  const { x, color, state, dataset } = ctx;
  const notes: string[] = [];
  const bins = binsFor(x, ctx.ranges.get(x.name), LIMITS.bins);
  if (!bins)
    return {
      traces: [],
      frames: null,
      axes: { x: { title: x.name, type: axisType(x) }, y: { title: "Rows", type: "linear" } },
      rowsUsed: 0,
      pointsDrawn: 0,
      notes: [`“${x.name}” has no values.`],
    };
  const source = groupedSource(dataset, ctx.table, ctx.cubes, {
    columns: [x, color],
    filters: state.filters,
    notNull: [x],
    agg: "count",
    y: null,
  });
  const result = runGrouped(
    groupedSql({
      ...source,
      groups: [bins.expr, color?.ident ?? null],
      labels: [null, color],
      rep: null,
      agg: "count",
      y: null,
      limits: color ? [{ group: 1, limit: LIMITS.series, by: "count" }] : [],
    }),
    2,
  );
  const seriesNames = [...new Set(result.rows.map((r) => String(r.g[1])))];
  if (color) {
    const note = limitNote(`${color.name} values`, seriesNames.length, result.distinct[1]!, "most frequent");
    if (note) notes.push(note);
  }
  const widthOut = x.type === "date" || x.type === "datetime" ? bins.width * DAY_MS : bins.width;
  const traces: FigureTrace[] = seriesNames.map((name) => {
    const rows = result.rows.filter((r) => String(r.g[1]) === name);
    return {
      type: "bar",
      name: color ? name : "Rows",
      x: rows.map((r) => binCentre(bins, Number(r.g[0]), x)),
      y: rows.map((r) => r.value),
      width: rows.map(() => widthOut),
    };
  });
  return {
    traces,
    frames: null,
    axes: { x: { title: x.name, type: axisType(x) }, y: { title: "Rows", type: "linear" } },
    rowsUsed: result.total,
    pointsDrawn: result.rows.length,
    notes,
    barmode: color ? "overlay" : "group",
  };
}

function boxFigure(ctx: Context): Omit<ExplorerFigure, "key" | "chart"> {
  const { x, y, state, dataset } = ctx;
  const yCol = y!;
  const notes: string[] = [];
  const grouped = x.type !== "number" && x.type !== "datetime" && x.name !== yCol.name;
  // A cube grouped by Y's values (and X's) already counts each pair.
  const source = groupedSource(dataset, ctx.table, ctx.cubes, {
    columns: grouped ? [x] : [],
    filters: state.filters,
    notNull: [],
    agg: "median",
    y: yCol,
  });
  // Quartiles interpolated like numpy's default. Counting each distinct (group, value) pair sorts
  // the rows once; quartiles then come from running counts over the pairs (quantileSql).
  // Whiskers reach the smallest and largest values.
  const sql = `WITH gv AS MATERIALIZED (SELECT ${grouped ? x.ident : "'All rows'"} AS g, ${yCol.ident} AS v, ${source.rowCount} AS k
                                    FROM ${source.table} ${source.where.sql} GROUP BY g, v),
    gc AS MATERIALIZED (SELECT g, SUM(k) AS c FROM gv GROUP BY g),
    top AS MATERIALIZED (SELECT g FROM gc ORDER BY c DESC, g LIMIT ${LIMITS.boxes}),
    r AS (SELECT g, v, k, SUM(k) OVER (PARTITION BY g ORDER BY v ROWS UNBOUNDED PRECEDING) AS cum,
                 SUM(k) OVER (PARTITION BY g) AS n
          FROM gv WHERE g IN top OR (g IS NULL AND (SELECT COUNT(*) FROM top WHERE g IS NULL) > 0))
    SELECT ${grouped ? labelExpr(x, "r.g") : "r.g"} AS g, MAX(n) AS n, MIN(v) AS lo, MAX(v) AS hi,
           SUM(v * k) / SUM(k) AS mean,
           ${quantileSql(0.25)} AS q1, ${quantileSql(0.5)} AS median, ${quantileSql(0.75)} AS q3,
           (SELECT SUM(c) FROM gc) AS total, (SELECT COUNT(*) FROM gc) AS groups
    FROM r GROUP BY r.g ORDER BY r.g`;
  const rows = statement(sql).all(...source.where.params) as {
    g: string | number;
    n: number;
    lo: number;
    hi: number;
    mean: number;
    q1: number;
    median: number;
    q3: number;
    total: number;
    groups: number;
  }[];
  const note = rows[0] ? limitNote(`${x.name} values`, rows.length, rows[0].groups, "most frequent") : null;
  if (note) notes.push(note);
  const traces: FigureTrace[] = [
    {
      type: "box",
      name: yCol.name,
      x: rows.map((r) => String(r.g)),
      q1: rows.map((r) => r.q1),
      median: rows.map((r) => r.median),
      q3: rows.map((r) => r.q3),
      lowerfence: rows.map((r) => r.lo),
      upperfence: rows.map((r) => r.hi),
      mean: rows.map((r) => r.mean),
    },
  ];
  notes.push("Whiskers reach the smallest and largest values.");
  return {
    traces: rows.length ? traces : [],
    frames: null,
    axes: { x: { title: grouped ? x.name : "", type: "category" }, y: { title: yCol.name, type: "linear" } },
    rowsUsed: rows[0]?.total ?? 0,
    pointsDrawn: rows.length,
    notes,
  };
}

function heatmapFigure(ctx: Context): Omit<ExplorerFigure, "key" | "chart"> {
  const { x, y, state, dataset } = ctx;
  const yCol = y!;
  const notes: string[] = [];
  const axis = (col: Col) => {
    const categorical = col.type === "text" || col.type === "boolean";
    const bins = categorical ? null : binsFor(col, ctx.ranges.get(col.name), LIMITS.bins);
    return { col, bins, expr: bins ? bins.expr : col.ident, label: bins ? null : col };
  };
  const ax = axis(x);
  const ay = axis(yCol);
  const source = groupedSource(dataset, ctx.table, ctx.cubes, {
    columns: [x, yCol],
    filters: state.filters,
    notNull: [...(ax.bins ? [x] : []), ...(ay.bins ? [yCol] : [])],
    agg: "count",
    y: null,
  });
  const limits: GroupLimit[] = [
    ...(ax.bins ? [] : [{ group: 0, limit: LIMITS.heatCategories, by: "count" as const }]),
    ...(ay.bins ? [] : [{ group: 1, limit: LIMITS.heatCategories, by: "count" as const }]),
  ];
  const result = runGrouped(
    groupedSql({
      ...source,
      groups: [ax.expr, ay.expr],
      labels: [ax.label, ay.label],
      rep: null,
      agg: "count",
      y: null,
      limits,
    }),
    2,
  );
  const labels = (a: typeof ax, index: 0 | 1) => {
    if (a.bins) {
      const bins = a.bins;
      return Array.from({ length: bins.count }, (_, i) => ({
        key: i as string | number,
        label: binCentre(bins, i, a.col),
      }));
    }
    const values = [...new Set(result.rows.map((r) => r.g[index]!))];
    const note = limitNote(`${a.col.name} values`, values.length, result.distinct[index]!, "most frequent");
    if (note) notes.push(note);
    return values.map((value) => ({ key: value, label: value }));
  };
  const xs = labels(ax, 0);
  const ys = labels(ay, 1);
  const xIndex = new Map(xs.map((entry, i) => [entry.key, i]));
  const yIndex = new Map(ys.map((entry, i) => [entry.key, i]));
  const z: (number | null)[][] = ys.map(() => xs.map(() => null));
  for (const row of result.rows) {
    const i = xIndex.get(ax.bins ? Number(row.g[0]) : row.g[0]!);
    const j = yIndex.get(ay.bins ? Number(row.g[1]) : row.g[1]!);
    if (i !== undefined && j !== undefined) z[j]![i] = row.value;
  }
  return {
    traces: result.rows.length
      ? [{ type: "heatmap", x: xs.map((e) => e.label), y: ys.map((e) => e.label), z }]
      : [],
    frames: null,
    axes: {
      x: { title: x.name, type: ax.bins ? axisType(x) : "category" },
      y: { title: yCol.name, type: ay.bins ? axisType(yCol) : "category" },
    },
    rowsUsed: result.total,
    pointsDrawn: result.rows.length,
    notes,
  };
}

/**
 * The figure for a state already checked against the dataset's columns (stateProblem and
 * filterProblem in state.ts). Cached per dataset and state: rows never change after import.
 */
export async function getExplorerFigure(dataset: Dataset, state: ExplorerState): Promise<ExplorerFigure> {
  return figureCache.getOrCompute(`${datasetSignature(dataset)}|${explorerStateKey(state)}`, () =>
    computeExplorerFigure(dataset, state),
  );
}

/** The figure without the figure cache (the benchmark times this). */
export async function computeExplorerFigure(dataset: Dataset, state: ExplorerState): Promise<ExplorerFigure> {
  const ranges = await getColumnRanges(dataset);
  const ctx: Context = {
    dataset,
    state,
    table: datasetTable(dataset.id),
    ranges,
    x: columnOf(dataset, state.x),
    y: state.y ? columnOf(dataset, state.y) : null,
    color: state.color ? columnOf(dataset, state.color) : null,
    frame: state.frame ? columnOf(dataset, state.frame) : null,
    cubes: await getCubes(dataset),
  };
  const build = {
    scatter: scatterFigure,
    line: lineFigure,
    bar: barFigure,
    histogram: histogramFigure,
    box: boxFigure,
    heatmap: heatmapFigure,
  }[state.chart];
  return {
    key: explorerStateKey(state),
    chart: state.chart,
    ...build(ctx),
    ...(ctx.frame ? { frameLabel: ctx.frame.name } : {}),
  };
}
