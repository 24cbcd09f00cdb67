import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { generateDemoData } from "../../db/demo-data";
import { SORT_COLUMNS, type DetailsState, type SortColumn } from "../details/state";
import { wholeDemoPeriod } from "../overview/filters";

// The Details table against SQL written here over the raw orders (ORDER BY ... LIMIT/OFFSET and
// COUNT), sharing no code with the data layer: every sort, both directions, first/next/last/prev,
// under each read plan (index walk, per-product merge, filter-driven sort), and the CSV export.

let dir: string;
let file: string;
let raw: Database.Database;
let details: typeof import("./details");
let query: typeof import("./details-query");
let exporter: typeof import("./details-export");
let statement: typeof import("../db").statement;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-details-"));
  file = path.join(dir, "test.db");
  const db = openDatabase(file);
  generateDemoData(db, { rows: 6_000 });
  // Exact copies of every 40th order, through the live triggers: ties on every sort key but the id.
  db.exec(`INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost)
    SELECT day, store_id, product_id, channel, quantity, revenue, cost FROM orders WHERE id % 40 = 0`);
  // A name a CSV must quote, and one a spreadsheet would read as a formula.
  db.exec(`UPDATE products SET name = 'Widget, "Deluxe"' WHERE id = 3`);
  db.exec(`UPDATE stores SET name = '=Chartroom Test' WHERE id = 2`);
  db.close();
  process.env.DATABASE_PATH = file;
  details = await import("./details");
  query = await import("./details-query");
  exporter = await import("./details-export");
  ({ statement } = await import("../db"));
  raw = new Database(file, { readonly: true });
});

afterAll(() => {
  raw?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The order each sort promises, written independently of the code under test. */
const ORDER: Record<SortColumn, string[]> = {
  day: ["o.day", "o.id"],
  store: ["s.name", "s.id", "o.day", "o.id"],
  city: ["s.city", "s.name", "s.id", "o.day", "o.id"],
  region: ["s.region", "s.name", "s.id", "o.day", "o.id"],
  product: ["p.name", "p.id", "o.day", "o.id"],
  category: ["p.category", "p.name", "p.id", "o.day", "o.id"],
  channel: ["o.channel", "o.day", "o.id"],
  quantity: ["o.quantity", "o.day", "o.id"],
  revenue: ["o.revenue", "o.id"],
  cost: ["o.cost", "o.id"],
  profit: ["(o.revenue - o.cost)", "o.id"],
};

function expectedWhere(state: DetailsState): { sql: string; params: (string | number)[] } {
  const f = state.filters;
  const clauses = ["o.day BETWEEN ? AND ?"];
  const params: (string | number)[] = [f.from, f.to];
  for (const [column, values] of [
    ["s.region", f.regions],
    ["p.category", f.categories],
    ["o.channel", f.channels],
  ] as const) {
    if (!values.length) continue;
    clauses.push(`${column} IN (${values.map(() => "?").join(",")})`);
    params.push(...values);
  }
  if (state.productId !== null) {
    clauses.push("o.product_id = ?");
    params.push(state.productId);
  }
  if (state.search) {
    clauses.push("(instr(lower(s.name), lower(?)) > 0 OR instr(lower(p.name), lower(?)) > 0)");
    params.push(state.search, state.search);
  }
  return { sql: clauses.join(" AND "), params };
}

const FROM = "FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

function expectedCount(state: DetailsState): number {
  const w = expectedWhere(state);
  return raw.prepare(`SELECT COUNT(*) ${FROM} WHERE ${w.sql}`).pluck().get(w.params) as number;
}

function expectedIds(state: DetailsState, offset: number, limit: number): number[] {
  if (limit <= 0) return [];
  const w = expectedWhere(state);
  const order = ORDER[state.sort].map((key) => `${key} ${state.dir.toUpperCase()}`).join(", ");
  return raw
    .prepare(`SELECT o.id ${FROM} WHERE ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...w.params, limit, offset) as number[];
}

const base: DetailsState = {
  filters: wholeDemoPeriod("week"),
  search: "",
  productId: null,
  sort: "day",
  dir: "desc",
  size: 25,
  position: { kind: "first" },
  page: 1,
};

const SELECTIONS: [string, DetailsState][] = [
  ["all orders", base],
  [
    "every Overview filter",
    {
      ...base,
      filters: {
        ...base.filters,
        regions: ["North", "West", "Central"],
        categories: ["Books", "Grocery", "Electronics"],
        channels: ["Online", "Partner"],
        from: "2022-03-17",
        to: "2024-11-05",
      },
    },
  ],
  ["a search matching stores and products", { ...base, search: "ar" }],
  [
    "a search matching stores only",
    { ...base, filters: { ...base.filters, channels: ["Online", "Partner"] }, search: "sa" },
  ],
  [
    "a search matching products only",
    { ...base, filters: { ...base.filters, categories: ["Electronics", "Books"] }, search: "headphones" },
  ],
  ["a search and a picked product", { ...base, search: "deluxe", productId: 3 }],
  ["a search matching products and a picked product", { ...base, search: "headphones", productId: 11 }],
  ["a search matching stores and a picked product", { ...base, search: "sa", productId: 11 }],
  [
    "a category and a picked product",
    { ...base, filters: { ...base.filters, categories: ["Books"] }, productId: 220 },
  ],
];

type Plan = import("./details-query").ReadPlan;
const prepare = (sql: string) => statement(sql);

/** First, next, next, last, prev, prev through readRows with a forced plan, ids per page. */
function pagesWith(state: DetailsState, plan: Plan, count: number): { label: string; ids: number[] }[] {
  const r = query.resolveSelection(prepare, state);
  const size = state.size;
  const read = (backward: boolean, cursorId: number | null, limit: number) => {
    const cursor = cursorId === null ? null : query.cursorKey(prepare, state.sort, cursorId);
    return query
      .readRows(prepare, r, { sort: state.sort, dir: state.dir, backward, cursor, limit, plan })
      .map((row) => row.id);
  };
  const pages: { label: string; ids: number[] }[] = [];
  let ids = read(false, null, size);
  pages.push({ label: "first", ids });
  for (const label of ["next 1", "next 2"]) {
    if (!ids.length) break;
    ids = read(false, ids[ids.length - 1]!, size);
    pages.push({ label, ids });
  }
  const lastSize = count % size || size;
  ids = read(true, null, lastSize).reverse();
  pages.push({ label: "last", ids });
  for (const label of ["prev 1", "prev 2"]) {
    if (!ids.length) break;
    ids = read(true, ids[0]!, size).reverse();
    pages.push({ label, ids });
  }
  return pages;
}

function expectedPages(state: DetailsState, count: number): Map<string, number[]> {
  const size = state.size;
  const lastOffset = Math.max(0, (Math.ceil(count / size) - 1) * size);
  return new Map([
    ["first", expectedIds(state, 0, size)],
    ["next 1", expectedIds(state, size, size)],
    ["next 2", expectedIds(state, 2 * size, size)],
    ["last", expectedIds(state, lastOffset, size)],
    ["prev 1", expectedIds(state, Math.max(0, lastOffset - size), Math.min(size, lastOffset))],
    ["prev 2", expectedIds(state, Math.max(0, lastOffset - 2 * size), Math.min(size, lastOffset - size))],
  ]);
}

describe("Details pagination against ORDER BY ... LIMIT/OFFSET", () => {
  for (const [name, selection] of SELECTIONS) {
    it(`${name}: the count equals SQL COUNT(*)`, () => {
      const r = query.resolveSelection(prepare, selection);
      const count = expectedCount(selection);
      expect(count).toBeGreaterThan(0);
      expect(query.countMatching(prepare, r)).toBe(count);
    });

    it(`${name}: every sort and plan gives SQL's pages (first, next, last, prev)`, () => {
      const count = expectedCount(selection);
      for (const sort of SORT_COLUMNS)
        for (const dir of ["asc", "desc"] as const) {
          const state = { ...selection, sort, dir, size: 25 as const };
          const expected = expectedPages(state, count);
          const plans: Plan[] = [{ kind: "walk" }, { kind: "filter", index: "orders_day" }];
          const r = query.resolveSelection(prepare, state);
          if (r.products && !r.search && ["revenue", "cost", "profit"].includes(sort))
            plans.push({ kind: "merge" });
          if (r.products) plans.push({ kind: "filter", index: "orders_product_day" });
          if (r.stores) plans.push({ kind: "filter", index: "orders_store_day" });
          for (const plan of plans)
            for (const page of pagesWith(state, plan, count))
              expect(page.ids, `${sort} ${dir} ${plan.kind} ${page.label}`).toEqual(expected.get(page.label));
        }
    });
  }

  it("computeDetailsPage gives SQL's first and last pages under the plan it picks, for every selection and sort", () => {
    for (const [name, selection] of SELECTIONS) {
      const count = expectedCount(selection);
      const lastOffset = (Math.ceil(count / 25) - 1) * 25;
      for (const sort of SORT_COLUMNS)
        for (const dir of ["asc", "desc"] as const) {
          const state = { ...selection, sort, dir };
          const first = details.computeDetailsPage(state);
          expect(first.count).toBe(count);
          expect(
            first.rows.map((r) => r.id),
            `${name} ${sort} ${dir} first`,
          ).toEqual(expectedIds(state, 0, 25));
          const last = details.computeDetailsPage({ ...state, position: { kind: "last" } });
          expect(
            last.rows.map((r) => r.id),
            `${name} ${sort} ${dir} last`,
          ).toEqual(expectedIds(state, lastOffset, 25));
        }
    }
  });

  it("computeDetailsPage walks first → next → last → prev with page numbers and flags", () => {
    const state: DetailsState = { ...SELECTIONS[1]![1], sort: "profit", dir: "asc", size: 50 };
    const count = expectedCount(state);
    const pageCount = Math.ceil(count / 50);
    const first = details.computeDetailsPage(state);
    expect(first.count).toBe(count);
    expect(first.pageCount).toBe(pageCount);
    expect([first.page, first.hasPrev, first.hasNext]).toEqual([1, false, true]);
    expect(first.rows.map((r) => r.id)).toEqual(expectedIds(state, 0, 50));

    const next = details.computeDetailsPage({
      ...state,
      position: { kind: "after", id: first.rows.at(-1)!.id },
      page: 2,
    });
    expect([next.page, next.hasPrev]).toEqual([2, true]);
    expect(next.rows.map((r) => r.id)).toEqual(expectedIds(state, 50, 50));

    const last = details.computeDetailsPage({ ...state, position: { kind: "last" } });
    expect([last.page, last.hasPrev, last.hasNext]).toEqual([pageCount, true, false]);
    expect(last.rows.map((r) => r.id)).toEqual(expectedIds(state, (pageCount - 1) * 50, 50));

    const prev = details.computeDetailsPage({
      ...state,
      position: { kind: "before", id: last.rows[0]!.id },
      page: pageCount - 1,
    });
    expect([prev.page, prev.hasNext]).toEqual([pageCount - 1, true]);
    expect(prev.rows.map((r) => r.id)).toEqual(expectedIds(state, (pageCount - 2) * 50, 50));
  });

  it("rows carry the joined names and figures SQL gives", () => {
    const page = details.computeDetailsPage({ ...base, sort: "revenue", dir: "desc" });
    const row = page.rows[0]!;
    const expected = raw
      .prepare(
        `SELECT o.day, s.name AS store, s.city, s.region, p.name AS product, p.category, o.channel, o.quantity,
                o.revenue, o.cost FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id
          WHERE o.id = ?`,
      )
      .get(row.id) as Record<string, unknown>;
    expect(row).toMatchObject(expected);
    expect(row.profit).toBeCloseTo((expected.revenue as number) - (expected.cost as number), 6);
  });

  it("a cursor to a removed order falls back to the first page with a notice", () => {
    const page = details.computeDetailsPage({
      ...base,
      position: { kind: "after", id: 999_999_999 },
      page: 4,
    });
    expect(page.notice).toMatch(/first page/);
    expect(page.page).toBe(1);
    expect(page.rows.map((r) => r.id)).toEqual(expectedIds(base, 0, 25));
  });

  it("a search whose matching products are all outside the category filter matches nothing", () => {
    const state = {
      ...base,
      filters: { ...base.filters, categories: ["Books" as const] },
      search: "headphones",
    };
    expect(expectedCount(state)).toBe(0);
    expect(query.countMatching(prepare, query.resolveSelection(prepare, state))).toBe(0);
    for (const position of [{ kind: "first" as const }, { kind: "last" as const }]) {
      const page = details.computeDetailsPage({ ...state, sort: "cost", position });
      expect([page.count, page.rows.length, page.pageCount]).toEqual([0, 0, 1]);
    }
  });

  it("no matching orders gives an empty first page", () => {
    const state = { ...base, search: "no such name anywhere" };
    const page = details.computeDetailsPage(state);
    expect([page.count, page.rows.length, page.pageCount, page.hasNext, page.hasPrev]).toEqual([
      0,
      0,
      1,
      false,
      false,
    ]);
  });
});

describe("the walk's estimate of other products' price bands", () => {
  // Three products with 300 orders between them, in consecutive bands of values.
  const bands = new Map<number, readonly [number, number]>([
    [1, [0, 10]],
    [2, [10, 20]],
    [3, [20, 30]],
  ]);

  it("counts every unselected band a walk meets before the first selected one", () => {
    expect(query.entriesBeforeBand(bands, [3], { descending: false, key: null }, 300)).toBeCloseTo(200);
    expect(query.entriesBeforeBand(bands, [1], { descending: true, key: null }, 300)).toBeCloseTo(200);
  });

  it("counts nothing when the walk starts in or at a selected band", () => {
    expect(query.entriesBeforeBand(bands, [3], { descending: true, key: null }, 300)).toBe(0);
    expect(query.entriesBeforeBand(bands, [2], { descending: false, key: 15 }, 300)).toBe(0);
  });

  it("counts the part of a band between the cursor and the next selected band", () => {
    expect(query.entriesBeforeBand(bands, [1, 3], { descending: true, key: 15 }, 300)).toBeCloseTo(50);
    expect(query.entriesBeforeBand(bands, [1], { descending: false, key: 15 }, 300)).toBeCloseTo(150);
  });
});

describe("CSV export", () => {
  async function exported(state: DetailsState): Promise<string> {
    const reader = exporter.exportDetailsCsv(state).getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  }

  it("streams every matching order, in the table's order, with SQL's values", async () => {
    for (const state of [
      { ...base, sort: "store" as const, dir: "asc" as const },
      { ...SELECTIONS[1]![1], sort: "cost" as const, dir: "desc" as const },
      { ...SELECTIONS[2]![1], sort: "category" as const, dir: "desc" as const },
    ]) {
      const records = parse(await exported(state), { columns: true }) as Record<string, string>[];
      const count = expectedCount(state);
      expect(records).toHaveLength(count);
      expect(records.map((r) => Number(r.id))).toEqual(expectedIds(state, 0, count));
      const w = expectedWhere(state);
      const order = ORDER[state.sort].map((key) => `${key} ${state.dir.toUpperCase()}`).join(", ");
      const rows = raw
        .prepare(
          `SELECT o.id, o.day, s.name AS store, s.city, s.region, p.name AS product, p.category, o.channel,
                  o.quantity, printf('%.2f', o.revenue) AS revenue, printf('%.2f', o.cost) AS cost,
                  printf('%.2f', o.revenue - o.cost) AS profit ${FROM} WHERE ${w.sql} ORDER BY ${order}`,
        )
        .all(w.params) as Record<string, string | number>[];
      const asText = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            k === "store" && String(v).startsWith("=") ? `'${v}` : String(v),
          ]),
        ),
      );
      expect(records).toEqual(asText);
    }
  });

  it("quotes commas and quotes, and defuses formulas", () => {
    expect(exporter.csvField('Widget, "Deluxe"')).toBe('"Widget, ""Deluxe"""');
    expect(exporter.csvField("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(exporter.csvField("two\nlines")).toBe('"two\nlines"');
    expect(exporter.csvField(-12.5)).toBe("-12.5");
  });

  it("an empty selection exports the header only", async () => {
    const text = await exported({ ...base, search: "no such name anywhere" });
    expect(text).toBe(`${exporter.CSV_HEADER.join(",")}\r\n`);
  });
});

describe("the count cache", () => {
  it("reuses a selection's count until an order is written, then counts again", () => {
    const state = { ...base, search: "ar" };
    const before = expectedCount(state);
    expect(details.computeDetailsPage(state, state.position, true).count).toBe(before);
    const writer = openDatabase(file);
    writer.exec(`INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost)
      SELECT o.day, o.store_id, o.product_id, o.channel, 1, 10, 5 ${FROM}
       WHERE instr(lower(p.name), 'ar') > 0 ORDER BY o.id LIMIT 1`);
    writer.close();
    expect(expectedCount(state)).toBe(before + 1);
    expect(details.computeDetailsPage(state, state.position, true).count).toBe(before + 1);
  });
});
