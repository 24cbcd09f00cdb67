import Database from "better-sqlite3";
import { E2E_DB } from "./config";

// Independent expectations: plain SQL over the raw orders of the e2e database, sharing no code
// with the app's data layer (which reads rollup tables).

export interface Filter {
  regions?: string[];
  categories?: string[];
  channels?: string[];
  from: string;
  to: string;
}

let db: Database.Database | null = null;
function open(): Database.Database {
  db ??= new Database(E2E_DB, { readonly: true, fileMustExist: true });
  return db;
}

function where(f: Filter): { sql: string; params: string[] } {
  const clauses = ["o.day BETWEEN ? AND ?"];
  const params = [f.from, f.to];
  const inList = (column: string, values?: string[]) => {
    if (!values?.length) return;
    clauses.push(`${column} IN (${values.map(() => "?").join(",")})`);
    params.push(...values);
  };
  inList("s.region", f.regions);
  inList("p.category", f.categories);
  inList("o.channel", f.channels);
  return { sql: clauses.join(" AND "), params };
}

const FROM = "FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

export function lastDay(): string {
  return (open().prepare("SELECT MAX(day) AS d FROM orders").get() as { d: string }).d;
}

export function defaultPeriod(): { from: string; to: string } {
  const to = lastDay();
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export function totals(f: Filter): { revenue: number; orders: number; cost: number } {
  const w = where(f);
  return open()
    .prepare(
      `SELECT COALESCE(SUM(o.revenue),0) AS revenue, COUNT(*) AS orders, COALESCE(SUM(o.cost),0) AS cost ${FROM} WHERE ${w.sql}`,
    )
    .get(w.params) as { revenue: number; orders: number; cost: number };
}

export function revenueByCategory(f: Filter): Map<string, number> {
  const w = where(f);
  const rows = open()
    .prepare(
      `SELECT p.category AS name, SUM(o.revenue) AS revenue ${FROM} WHERE ${w.sql} GROUP BY p.category`,
    )
    .all(w.params) as { name: string; revenue: number }[];
  return new Map(rows.map((r) => [r.name, r.revenue]));
}

/** The strings the KPI cards must show, formatted the way a reader expects them. */
export function expectedKpiText(f: Filter) {
  const t = totals(f);
  const usd0 = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    maximumFractionDigits: 0,
  });
  const usd2 = new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
  });
  return {
    revenue: usd0.format(t.revenue),
    orders: t.orders.toLocaleString("en-US"),
    aov: t.orders ? usd2.format(t.revenue / t.orders) : "—",
    margin: t.revenue ? `${(((t.revenue - t.cost) / t.revenue) * 100).toFixed(1)}%` : "—",
  };
}

/** Revenue, cost and order count per store for a filter, by store id. */
export function storeTotals(f: Filter): Map<number, { revenue: number; cost: number; orders: number }> {
  const w = where(f);
  const rows = open()
    .prepare(
      `SELECT s.id AS id, SUM(o.revenue) AS revenue, SUM(o.cost) AS cost, COUNT(*) AS orders ${FROM} WHERE ${w.sql} GROUP BY s.id`,
    )
    .all(w.params) as { id: number; revenue: number; cost: number; orders: number }[];
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** Profit per region for a filter. */
export function regionProfit(f: Filter): Map<string, number> {
  const w = where(f);
  const rows = open()
    .prepare(
      `SELECT s.region AS name, SUM(o.revenue) - SUM(o.cost) AS profit ${FROM} WHERE ${w.sql} GROUP BY s.region`,
    )
    .all(w.params) as { name: string; profit: number }[];
  return new Map(rows.map((r) => [r.name, r.profit]));
}
