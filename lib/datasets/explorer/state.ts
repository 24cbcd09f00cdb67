import { z } from "zod";
import type { ColumnType } from "../../data/datasets";

// The Explorer's chart state: validated here for the server action and for saved charts, and read
// from / written to the URL query string, so a shared link, a reload and the back button agree.
// Columns are referred to by their display name; the server maps names to c0..cK itself.

export const CHART_TYPES = ["scatter", "line", "bar", "histogram", "box", "heatmap"] as const;
export type ChartType = (typeof CHART_TYPES)[number];
export const AGGREGATIONS = ["sum", "mean", "median", "count", "min", "max"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const MAX_FILTERS = 12;
export const MAX_FILTER_VALUES = 50;
const MAX_TITLE = 120;
const MAX_PARAM_LENGTH = 4_000;

const columnName = z.string().trim().min(1, "must name a column").max(200);
const bound = z.union([z.number().finite(), z.string().max(40)]).nullable();

export const explorerFilterSchema = z
  .object({
    column: columnName,
    /** Inclusive range, for numbers, dates and datetimes. */
    min: bound.optional(),
    max: bound.optional(),
    /** Values kept, for text and boolean columns ("true"/"false"). */
    values: z.array(z.string().max(200)).max(MAX_FILTER_VALUES).optional(),
  })
  .strict();
export type ExplorerFilter = z.infer<typeof explorerFilterSchema>;

/** What the data depends on. The title is not part of it: retitling must not fetch anything. */
export const explorerStateSchema = z
  .object({
    chart: z.enum(CHART_TYPES),
    x: columnName,
    y: columnName.nullable(),
    color: columnName.nullable(),
    agg: z.enum(AGGREGATIONS),
    /** A column whose values become animation frames (scatter and bar only). */
    frame: columnName.nullable(),
    filters: z.array(explorerFilterSchema).max(MAX_FILTERS),
  })
  .strict();
export type ExplorerState = z.infer<typeof explorerStateSchema>;

export const titleSchema = z.string().max(MAX_TITLE);

/** Everything the URL holds: the data state plus the chart title. */
export interface ExplorerView {
  state: ExplorerState;
  title: string;
}

export interface ColumnInfo {
  name: string;
  type: ColumnType;
}

export const NUMERIC_TYPES: readonly ColumnType[] = ["integer", "number", "boolean"];
export const ORDERED_TYPES: readonly ColumnType[] = ["integer", "number", "date", "datetime"];
export const CATEGORICAL_TYPES: readonly ColumnType[] = ["text", "boolean", "integer", "date"];

/** A stable key for caches: equal states give equal keys (filters sorted by column). */
export function explorerStateKey(state: ExplorerState): string {
  const filters = [...state.filters]
    .sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0))
    .map((f) => [f.column, f.min ?? null, f.max ?? null, f.values ? [...f.values].sort() : null]);
  return JSON.stringify([state.chart, state.x, state.y, state.color, state.agg, state.frame, filters]);
}

/** A sensible first chart: the distribution of the first numeric column, else counts by the first. */
export function defaultExplorerState(columns: readonly ColumnInfo[]): ExplorerState {
  const numeric = columns.find((c) => c.type === "number" || c.type === "integer");
  const first = columns[0]?.name ?? "";
  return numeric
    ? { chart: "histogram", x: numeric.name, y: null, color: null, agg: "count", frame: null, filters: [] }
    : { chart: "bar", x: first, y: null, color: null, agg: "count", frame: null, filters: [] };
}

/** Which state fields each chart type uses; the rest is cleared so equal charts get equal keys. */
export function usesField(chart: ChartType, field: "y" | "color" | "agg" | "frame"): boolean {
  switch (field) {
    case "y":
      return chart !== "histogram";
    case "color":
      return chart === "scatter" || chart === "line" || chart === "bar" || chart === "histogram";
    case "agg":
      return chart === "line" || chart === "bar";
    case "frame":
      return chart === "scatter" || chart === "bar";
  }
}

/**
 * Checks a state against the dataset's columns and the chart's needs. Returns the first problem
 * in plain language, or null when the state can be drawn.
 */
export function stateProblem(state: ExplorerState, columns: readonly ColumnInfo[]): string | null {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const known = () => columns.map((c) => c.name).join(", ");
  const column = (name: string, role: string) => {
    const found = byName.get(name);
    if (!found) return `Unknown column “${name.slice(0, 60)}” for ${role}. Columns: ${known()}.`;
    return found;
  };
  const need = (name: string | null, role: string, types: readonly ColumnType[] | null, what: string) => {
    if (name === null) return `The ${state.chart} chart needs a ${role} column.`;
    const found = column(name, role);
    if (typeof found === "string") return found;
    if (types && !types.includes(found.type))
      return `${role.toUpperCase()} must be ${what} for a ${state.chart} chart; “${found.name}” is ${found.type}.`;
    return null;
  };
  const check = (problem: string | null) => problem;

  const x = column(state.x, "x");
  if (typeof x === "string") return x;
  for (const [name, role] of [
    [state.y, "y"],
    [state.color, "colour"],
    [state.frame, "frame"],
  ] as const) {
    if (name !== null) {
      const found = column(name, role);
      if (typeof found === "string") return found;
    }
  }
  const yNeeded = state.chart !== "histogram" && !(state.agg === "count" && usesField(state.chart, "agg"));
  switch (state.chart) {
    case "scatter":
      return check(need(state.y, "y", null, ""));
    case "line":
      return (
        need(state.x, "x", ORDERED_TYPES, "a number, date or datetime") ??
        (yNeeded ? need(state.y, "y", NUMERIC_TYPES, "numeric") : null)
      );
    case "bar":
      return yNeeded ? need(state.y, "y", NUMERIC_TYPES, "numeric") : null;
    case "histogram":
      return need(state.x, "x", ORDERED_TYPES, "a number, date or datetime");
    case "box":
      return need(state.y, "y", NUMERIC_TYPES, "numeric");
    case "heatmap":
      return need(state.y, "y", null, "");
  }
}

/** Problems with the filters against the columns, or null. */
export function filterProblem(
  filters: readonly ExplorerFilter[],
  columns: readonly ColumnInfo[],
): string | null {
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const filter of filters) {
    const column = byName.get(filter.column);
    if (!column) return `Unknown filter column “${filter.column.slice(0, 60)}”.`;
    const ranged = filter.min != null || filter.max != null;
    if (column.type === "text" || column.type === "boolean") {
      if (ranged) return `“${column.name}” is ${column.type}: filter it by a list of values, not a range.`;
      if (column.type === "boolean" && filter.values?.some((v) => v !== "true" && v !== "false"))
        return `“${column.name}” is boolean: its values are “true” and “false”.`;
    } else {
      if (filter.values) return `“${column.name}” is ${column.type}: filter it by a range, not a list.`;
      for (const value of [filter.min, filter.max]) {
        if (value == null) continue;
        const ok =
          column.type === "date"
            ? typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
            : column.type === "datetime"
              ? typeof value === "string" && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(value)
              : typeof value === "number";
        if (!ok)
          return `The range of “${column.name}” (${column.type}) has an invalid bound “${String(value)}”.`;
      }
      if (filter.min != null && filter.max != null && filter.min > filter.max)
        return `The range of “${column.name}” starts after it ends.`;
    }
  }
  return null;
}

/** Clears what the chart type does not use, so equal charts share one key and one cache entry. */
export function normalizeState(state: ExplorerState): ExplorerState {
  const agg = usesField(state.chart, "agg") ? state.agg : "count";
  return {
    chart: state.chart,
    x: state.x,
    y: usesField(state.chart, "y") && !(agg === "count" && usesField(state.chart, "agg")) ? state.y : null,
    color: usesField(state.chart, "color") ? state.color : null,
    agg,
    frame: usesField(state.chart, "frame") ? state.frame : null,
    filters: state.filters.filter((f) => f.min != null || f.max != null || (f.values?.length ?? 0) > 0),
  };
}

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(query: QueryInput, name: string): string | undefined {
  const value = query instanceof URLSearchParams ? query.get(name) : query[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === null || single === undefined || single.length > MAX_PARAM_LENGTH ? undefined : single;
}

/**
 * Reads the view from a query string. Never throws: a bad or unknown part falls back to the
 * default and adds one plain-language problem for the page to show.
 */
export function parseExplorerQuery(
  query: QueryInput,
  columns: readonly ColumnInfo[],
): { view: ExplorerView; problems: string[] } {
  const fallback = defaultExplorerState(columns);
  const problems: string[] = [];
  const title = titleSchema.safeParse(readParam(query, "title") ?? "");
  if (!readParam(query, "chart"))
    return { view: { state: fallback, title: title.success ? title.data : "" }, problems };

  let filters: unknown = [];
  const rawFilters = readParam(query, "filters");
  if (rawFilters) {
    try {
      filters = JSON.parse(rawFilters);
    } catch {
      problems.push("The filters in the link could not be read; showing all rows.");
    }
  }
  const candidate = {
    chart: readParam(query, "chart"),
    x: readParam(query, "x") ?? "",
    y: readParam(query, "y") || null,
    color: readParam(query, "color") || null,
    agg: readParam(query, "agg") ?? "count",
    frame: readParam(query, "frame") || null,
    filters,
  };
  const parsed = explorerStateSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    problems.push(
      `The chart in the link is not valid (${issue?.path.join(".") || "state"}: ${issue?.message ?? "invalid"}); showing the default chart.`,
    );
    return { view: { state: fallback, title: "" }, problems };
  }
  const state = normalizeState(parsed.data);
  const problem = stateProblem(state, columns) ?? filterProblem(state.filters, columns);
  if (problem) {
    problems.push(`${problem} Showing the default chart.`);
    return { view: { state: fallback, title: "" }, problems };
  }
  return { view: { state, title: title.success ? title.data : "" }, problems };
}

/** The query string of a view (empty parts left out). */
export function explorerQueryString(view: ExplorerView): string {
  const params = new URLSearchParams();
  const { state } = view;
  params.set("chart", state.chart);
  params.set("x", state.x);
  if (state.y) params.set("y", state.y);
  if (state.color) params.set("color", state.color);
  if (usesField(state.chart, "agg")) params.set("agg", state.agg);
  if (state.frame) params.set("frame", state.frame);
  if (state.filters.length) params.set("filters", JSON.stringify(state.filters));
  if (view.title) params.set("title", view.title);
  return params.toString();
}

/**
 * Makes a state drawable after the user changed one part of it: columns that do not suit the
 * chart are replaced by the first column that does (prefering one other than X for Y).
 */
export function fitState(state: ExplorerState, columns: readonly ColumnInfo[]): ExplorerState {
  const fits = (name: string | null, types: readonly ColumnType[] | null) =>
    name !== null && columns.some((c) => c.name === name && (!types || types.includes(c.type)));
  const first = (types: readonly ColumnType[] | null, avoid?: string) =>
    columns.find((c) => c.name !== avoid && (!types || types.includes(c.type)))?.name ??
    columns.find((c) => !types || types.includes(c.type))?.name ??
    null;
  const next = { ...state };
  const xTypes = columnTypesFor(next.chart, "x");
  if (!fits(next.x, xTypes)) next.x = first(xTypes) ?? next.x;
  const yNeeded = next.chart !== "histogram" && !(next.agg === "count" && usesField(next.chart, "agg"));
  const yTypes = columnTypesFor(next.chart, "y");
  if (yNeeded && !fits(next.y, yTypes)) next.y = first(yTypes, next.x);
  return normalizeState(next);
}

/** Column types offered for a role of a chart (null: any type). */
export function columnTypesFor(chart: ChartType, role: "x" | "y"): readonly ColumnType[] | null {
  if (role === "x") return chart === "line" || chart === "histogram" ? ORDERED_TYPES : null;
  return chart === "line" || chart === "bar" || chart === "box" ? NUMERIC_TYPES : null;
}
