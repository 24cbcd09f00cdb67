import { z } from "zod";
import {
  filtersKey,
  normalizeFilters,
  overviewFiltersSchema,
  overviewQueryString,
  parseOverviewQuery,
  type DateDefaults,
  type OverviewFilters,
} from "../overview/filters";

// The Details page's state: the Overview's filters, a text search, a product picked on a chart,
// the sort, the page size and the page position. It lives in the URL (shareable, reloadable, the
// back button works) and is sent whole to the one server action and to the CSV export, which both
// validate it with detailsStateSchema.

export const SORT_COLUMNS = [
  "day",
  "store",
  "city",
  "region",
  "product",
  "category",
  "channel",
  "quantity",
  "revenue",
  "cost",
  "profit",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const MAX_SEARCH_LENGTH = 80;

/** Where the page starts: the first or last page, or just after / before an order (keyset). */
export const positionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("first") }).strict(),
  z.object({ kind: z.literal("last") }).strict(),
  z.object({ kind: z.literal("after"), id: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal("before"), id: z.number().int().positive() }).strict(),
]);
export type Position = z.infer<typeof positionSchema>;

export const detailsStateSchema = z
  .object({
    filters: overviewFiltersSchema,
    search: z.string().trim().max(MAX_SEARCH_LENGTH),
    productId: z.number().int().positive().max(1_000_000_000).nullable(),
    sort: z.enum(SORT_COLUMNS),
    dir: z.enum(SORT_DIRECTIONS),
    size: z.union(
      PAGE_SIZES.map((size) => z.literal(size)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>],
    ),
    position: positionSchema,
    /** The page number shown; navigation keeps it, the server clamps it to the page count. */
    page: z.number().int().min(1).max(1_000_000_000),
  })
  .strict();
export type DetailsState = z.infer<typeof detailsStateSchema>;

/** What a listing depends on (the export ignores the page fields). */
export type DetailsSelection = Pick<DetailsState, "filters" | "search" | "productId" | "sort" | "dir">;

export const DEFAULT_SORT: { sort: SortColumn; dir: SortDirection } = { sort: "day", dir: "desc" };

export function normalizeState(state: DetailsState): DetailsState {
  return { ...state, filters: normalizeFilters(state.filters), search: state.search.trim() };
}

/** A stable key for caches: equal states give equal keys. */
export function detailsKey(state: DetailsState): string {
  const s = normalizeState(state);
  const position =
    s.position.kind === "after" || s.position.kind === "before"
      ? `${s.position.kind}:${s.position.id}`
      : s.position.kind;
  return [filtersKey(s.filters), s.search, s.productId ?? "", s.sort, s.dir, s.size, position, s.page].join(
    "|",
  );
}

/** The first page of the same selection: where any change of filter, sort or size starts. */
export function firstPage(state: DetailsState): DetailsState {
  return { ...state, position: { kind: "first" }, page: 1 };
}

type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(query: QueryInput, name: string): string[] {
  if (query instanceof URLSearchParams) return query.getAll(name);
  const value = query[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const ID_PATTERN = /^[1-9]\d{0,9}$/;

/**
 * Reads the state from a query string. Never throws: each bad parameter falls back to its default
 * and adds one plain-language problem for the page to show.
 */
export function parseDetailsQuery(
  query: QueryInput,
  defaults: DateDefaults,
): { state: DetailsState; problems: string[] } {
  const { filters, problems } = parseOverviewQuery(query, defaults);
  const single = (name: string, label: string): string | undefined => {
    const values = readParam(query, name);
    if (values.length === 0) return undefined;
    if (values.length > 1) {
      problems.push(`The ${label} was given ${values.length} times; using the default instead.`);
      return undefined;
    }
    return values[0]!;
  };
  const id = (name: string, label: string): number | undefined => {
    const raw = single(name, label);
    if (raw === undefined || raw === "") return undefined;
    if (ID_PATTERN.test(raw) && Number(raw) <= 1_000_000_000) return Number(raw);
    problems.push(`The ${label} “${raw.slice(0, 40)}” is not a valid id; ignoring it.`);
    return undefined;
  };

  let search = single("q", "search text") ?? "";
  if (search.length > MAX_SEARCH_LENGTH) {
    problems.push(`The search text is longer than ${MAX_SEARCH_LENGTH} characters; ignoring it.`);
    search = "";
  }
  const productId = id("product", "product") ?? null;

  let { sort, dir } = DEFAULT_SORT;
  const rawSort = single("sort", "sort column");
  if (rawSort !== undefined && rawSort !== "") {
    if ((SORT_COLUMNS as readonly string[]).includes(rawSort)) sort = rawSort as SortColumn;
    else
      problems.push(
        `Unknown sort column “${rawSort.slice(0, 40)}”; sorting by ${DEFAULT_SORT.sort}. Known: ${SORT_COLUMNS.join(", ")}.`,
      );
  }
  const rawDir = single("dir", "sort direction");
  if (rawDir !== undefined && rawDir !== "") {
    if (rawDir === "asc" || rawDir === "desc") dir = rawDir;
    else problems.push(`Unknown sort direction “${rawDir.slice(0, 40)}”; use asc or desc.`);
  } else if (rawSort !== undefined && sort !== DEFAULT_SORT.sort) dir = "asc";

  let size: PageSize = PAGE_SIZES[0];
  const rawSize = single("size", "page size");
  if (rawSize !== undefined && rawSize !== "") {
    const value = Number(rawSize);
    if ((PAGE_SIZES as readonly number[]).includes(value)) size = value as PageSize;
    else
      problems.push(
        `Page size “${rawSize.slice(0, 40)}” is not one of ${PAGE_SIZES.join(", ")}; showing ${size}.`,
      );
  }

  let position: Position = { kind: "first" };
  const after = id("after", "page cursor");
  const before = id("before", "page cursor");
  const at = single("at", "page position");
  const given = [after !== undefined, before !== undefined, at !== undefined && at !== ""].filter(
    Boolean,
  ).length;
  if (given > 1) problems.push("The link names more than one page position; showing the first page.");
  else if (after !== undefined) position = { kind: "after", id: after };
  else if (before !== undefined) position = { kind: "before", id: before };
  else if (at === "last") position = { kind: "last" };
  else if (at !== undefined && at !== "" && at !== "first")
    problems.push(`Unknown page position “${at.slice(0, 40)}”; showing the first page.`);

  let page = 1;
  const rawPage = single("p", "page number");
  if (position.kind === "after" || position.kind === "before") {
    if (rawPage !== undefined && ID_PATTERN.test(rawPage) && Number(rawPage) >= 2) page = Number(rawPage);
    else if (rawPage !== undefined) problems.push(`The page number “${rawPage.slice(0, 40)}” is not valid.`);
  }

  const state = detailsStateSchema.parse({ filters, search, productId, sort, dir, size, position, page });
  return { state: normalizeState(state), problems };
}

/** The query string for a state; defaults are left out so URLs stay short. */
export function detailsQueryString(state: DetailsState, defaults: DateDefaults): string {
  const s = normalizeState(state);
  const params = new URLSearchParams(overviewQueryString(s.filters, defaults));
  if (s.search) params.set("q", s.search);
  if (s.productId !== null) params.set("product", String(s.productId));
  if (s.sort !== DEFAULT_SORT.sort || s.dir !== DEFAULT_SORT.dir) {
    params.set("sort", s.sort);
    params.set("dir", s.dir);
  }
  if (s.size !== PAGE_SIZES[0]) params.set("size", String(s.size));
  if (s.position.kind === "last") params.set("at", "last");
  if (s.position.kind === "after" || s.position.kind === "before") {
    params.set(s.position.kind, String(s.position.id));
    params.set("p", String(s.page));
  }
  return params.toString();
}

/** The export link's query: the selection only, no page fields. */
export function exportQueryString(state: DetailsState, defaults: DateDefaults): string {
  return detailsQueryString(firstPage({ ...state, size: PAGE_SIZES[0] }), defaults);
}

export type { OverviewFilters };
