import type { Migration } from "../migrate";

// Live orders from the feed simulator (lib/live/simulator.ts), kept apart from the historical
// `orders` so the Overview's default figures (and every test that checks them against SQL) never
// move while the feed runs. Same columns as orders, plus the insert time in epoch milliseconds:
// the live page buckets by second on it and the pruner deletes by it (rows older than a day), so
// it is indexed. `day` is the UTC day of created_at, which the Overview's live opt-in filters on.
export const live: Migration = {
  id: 10,
  name: "live",
  up: `
    CREATE TABLE live_orders (
      id INTEGER PRIMARY KEY,
      day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
      store_id INTEGER NOT NULL REFERENCES stores (id),
      product_id INTEGER NOT NULL REFERENCES products (id),
      channel TEXT NOT NULL CHECK (channel IN ('Online', 'In-store', 'Partner')),
      quantity INTEGER NOT NULL CHECK (quantity >= 1),
      revenue REAL NOT NULL CHECK (revenue >= 0),
      cost REAL NOT NULL CHECK (cost >= 0),
      created_at INTEGER NOT NULL
    );
    CREATE INDEX live_orders_created_at ON live_orders (created_at);
    CREATE INDEX live_orders_day ON live_orders (day);
  `,
};
