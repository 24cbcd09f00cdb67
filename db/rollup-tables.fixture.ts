// Every rollup table, for the tests that compare rollups with a rebuild from the raw orders
// (db/rollups.test.ts, db/demo-rollups.test.ts). Listed here rather than taken from db/rollups.ts,
// so a table the rebuild forgets still fails the comparison.
export const ROLLUP_TABLES = [
  "agg_day",
  "agg_week",
  "agg_month",
  "agg_year",
  "cum_product_day",
  "cum_product_month",
  "cum_product_year",
  "cum_store_day",
  "cum_store_month",
  "cum_store_year",
] as const;
