import type { Migration } from "../migrate";

// The store panel's top products read one store's orders in a date range. A plain (store_id, day)
// index still fetched every matching row from the table at random: 62 ms for the five-year range
// of one store at 1M orders (10,700 rows). Covering the columns the query reads (product, channel,
// revenue) answers it from the index alone: 6 ms. It costs ~30 bytes per order on disk and one
// more b-tree write per insert.
export const stores: Migration = {
  id: 8,
  name: "stores",
  up: `
    CREATE INDEX orders_store_day ON orders (store_id, day, product_id, channel, revenue);
  `,
};
