import type { Migration } from "../migrate";

// The store panel's top products read one store's orders in a date range. Without this index that
// is a scan of every order in the range (orders_day); with it, only that store's orders (~1/60 of
// them), measured by bench/stores-times.ts.
export const stores: Migration = {
  id: 8,
  name: "stores",
  up: `
    CREATE INDEX orders_store_day ON orders (store_id, day);
  `,
};
