"use client";

import type { DetailsPage, DetailsRow } from "@/lib/data/details";
import { PAGE_SIZES, type PageSize, type SortColumn, type SortDirection } from "@/lib/details/state";
import { formatCurrencyCents, formatInteger } from "@/lib/format";

interface Column {
  key: SortColumn;
  label: string;
  numeric?: boolean;
  value: (row: DetailsRow) => string;
}

const COLUMNS: readonly Column[] = [
  { key: "day", label: "Day", value: (r) => r.day },
  { key: "store", label: "Store", value: (r) => r.store },
  { key: "city", label: "City", value: (r) => r.city },
  { key: "region", label: "Region", value: (r) => r.region },
  { key: "product", label: "Product", value: (r) => r.product },
  { key: "category", label: "Category", value: (r) => r.category },
  { key: "channel", label: "Channel", value: (r) => r.channel },
  { key: "quantity", label: "Qty", numeric: true, value: (r) => formatInteger(r.quantity) },
  { key: "revenue", label: "Revenue", numeric: true, value: (r) => formatCurrencyCents(r.revenue) },
  { key: "cost", label: "Cost", numeric: true, value: (r) => formatCurrencyCents(r.cost) },
  { key: "profit", label: "Profit", numeric: true, value: (r) => formatCurrencyCents(r.profit) },
];

interface Props {
  page: DetailsPage;
  sort: SortColumn;
  dir: SortDirection;
  size: PageSize;
  onSort: (column: SortColumn) => void;
  onSize: (size: PageSize) => void;
  onPage: (to: "first" | "prev" | "next" | "last") => void;
}

export function DetailsTable({ page, sort, dir, size, onSort, onSize, onPage }: Props) {
  const button =
    "h-8 rounded-md border border-border bg-surface px-3 text-sm enabled:hover:border-accent disabled:opacity-40";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p>
          <span className="font-semibold" data-testid="details-count">
            {formatInteger(page.count)}
          </span>{" "}
          {page.count === 1 ? "order matches" : "orders match"}
        </p>
        <label className="flex items-center gap-2 text-muted">
          Rows per page
          <select
            data-testid="details-size"
            value={size}
            onChange={(event) => onSize(Number(event.target.value) as PageSize)}
            className="h-8 rounded-md border border-border bg-surface px-2 text-text"
          >
            {PAGE_SIZES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="overflow-x-auto rounded-xl border border-border bg-surface">
        <table className="w-full text-sm" data-testid="details-table">
          <thead className="border-b border-border text-left text-xs text-muted">
            <tr>
              {COLUMNS.map((column) => {
                const active = column.key === sort;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
                    className={`px-3 py-2 font-medium ${column.numeric ? "text-right" : ""}`}
                  >
                    <button
                      type="button"
                      onClick={() => onSort(column.key)}
                      data-testid={`sort-${column.key}`}
                      className={`inline-flex items-center gap-1 hover:text-text ${active ? "text-text" : ""}`}
                    >
                      {column.label}
                      <span aria-hidden="true">{active ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.id} data-row-id={row.id} className="border-b border-border last:border-0">
                {COLUMNS.map((column) => (
                  <td
                    key={column.key}
                    className={`whitespace-nowrap px-3 py-1.5 ${column.numeric ? "text-right tabular-nums" : ""}`}
                  >
                    {column.value(row)}
                  </td>
                ))}
              </tr>
            ))}
            {page.rows.length === 0 && (
              <tr>
                <td
                  colSpan={COLUMNS.length}
                  className="px-3 py-6 text-center text-muted"
                  data-testid="details-empty"
                >
                  No orders match these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="flex flex-wrap items-center gap-2 text-sm">
        <button type="button" className={button} disabled={!page.hasPrev} onClick={() => onPage("first")}>
          First
        </button>
        <button type="button" className={button} disabled={!page.hasPrev} onClick={() => onPage("prev")}>
          Previous
        </button>
        <span className="px-2 text-muted" data-testid="details-page">
          Page {formatInteger(page.page)} of {formatInteger(page.pageCount)}
        </span>
        <button type="button" className={button} disabled={!page.hasNext} onClick={() => onPage("next")}>
          Next
        </button>
        <button type="button" className={button} disabled={!page.hasNext} onClick={() => onPage("last")}>
          Last
        </button>
      </nav>
    </div>
  );
}
