import type { Migration } from "../migrate";

// Pre-aggregated copies of orders so any Overview filter reads thousands of rows, not millions:
// a year of data is ~44k agg_day rows versus ~200k orders. Queries combine whole months from the
// *_month tables with the remaining edge days, so the answer is exact for any date range.
//
// Triggers keep every rollup equal to SQL over the raw rows whenever orders change. A bulk load
// sets rollup_control.deferred = 1, inserts, then rebuilds the rollups in one pass (per-row
// upserts would triple the 1M-row load time).

type Delta = { row: "NEW" | "OLD"; sign: 1 | -1 };

const measures = (d: Delta) =>
  `${d.sign}, ${d.sign} * ${d.row}.quantity, ${d.sign} * ${d.row}.revenue, ${d.sign} * ${d.row}.cost`;

const onConflict = (key: string) => `
  ON CONFLICT (${key}) DO UPDATE SET
    orders = orders + excluded.orders,
    quantity = quantity + excluded.quantity,
    revenue = revenue + excluded.revenue,
    cost = cost + excluded.cost;`;

function applyDelta(d: Delta): string {
  const from = `FROM stores s, products p WHERE s.id = ${d.row}.store_id AND p.id = ${d.row}.product_id`;
  const week = `date(${d.row}.day, 'weekday 0', '-6 days')`;
  const month = `substr(${d.row}.day, 1, 7) || '-01'`;
  const year = `substr(${d.row}.day, 1, 4) || '-01-01'`;
  return `
    INSERT INTO agg_day (day, week, month, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${d.row}.day, ${week}, ${month}, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("day, region, category, channel")}
    INSERT INTO agg_week (week, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${week}, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("week, region, category, channel")}
    INSERT INTO agg_month (month, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${month}, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("month, region, category, channel")}
    INSERT INTO agg_product_month (month, product_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${month}, p.id, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("month, region, channel, product_id")}
    INSERT INTO agg_store_month (month, store_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${month}, s.id, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("month, category, channel, store_id")}
    INSERT INTO agg_product_year (year, product_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${year}, p.id, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("year, region, channel, product_id")}
    INSERT INTO agg_store_year (year, store_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT ${year}, s.id, s.region, p.category, ${d.row}.channel, ${measures(d)} ${from}
      ${onConflict("year, category, channel, store_id")}`;
}

const measureColumns = `
  orders INTEGER NOT NULL,
  quantity INTEGER NOT NULL,
  revenue REAL NOT NULL,
  cost REAL NOT NULL`;

const live = `WHEN (SELECT deferred FROM rollup_control WHERE id = 1) = 0`;

export const rollups: Migration = {
  id: 2,
  name: "rollups",
  up: `
    CREATE TABLE rollup_control (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      deferred INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO rollup_control (id, deferred) VALUES (1, 0);

    CREATE TABLE agg_day (
      day TEXT NOT NULL, week TEXT NOT NULL, month TEXT NOT NULL,
      region TEXT NOT NULL, category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (day, region, category, channel)
    ) WITHOUT ROWID;

    CREATE TABLE agg_week (
      week TEXT NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (week, region, category, channel)
    ) WITHOUT ROWID;

    CREATE TABLE agg_month (
      month TEXT NOT NULL, region TEXT NOT NULL, category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (month, region, category, channel)
    ) WITHOUT ROWID;

    CREATE TABLE agg_product_month (
      month TEXT NOT NULL, product_id INTEGER NOT NULL, region TEXT NOT NULL,
      category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (month, region, channel, product_id)
    ) WITHOUT ROWID;

    CREATE TABLE agg_store_month (
      month TEXT NOT NULL, store_id INTEGER NOT NULL, region TEXT NOT NULL,
      category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (month, category, channel, store_id)
    ) WITHOUT ROWID;

    -- Per product and per store, a month holds nearly as many (product, region, channel) rows as
    -- it has orders, so long ranges read whole years first.
    CREATE TABLE agg_product_year (
      year TEXT NOT NULL, product_id INTEGER NOT NULL, region TEXT NOT NULL,
      category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (year, region, channel, product_id)
    ) WITHOUT ROWID;

    CREATE TABLE agg_store_year (
      year TEXT NOT NULL, store_id INTEGER NOT NULL, region TEXT NOT NULL,
      category TEXT NOT NULL, channel TEXT NOT NULL,
      ${measureColumns},
      PRIMARY KEY (year, category, channel, store_id)
    ) WITHOUT ROWID;

    CREATE TRIGGER orders_rollup_insert AFTER INSERT ON orders ${live}
    BEGIN ${applyDelta({ row: "NEW", sign: 1 })}
    END;

    CREATE TRIGGER orders_rollup_delete AFTER DELETE ON orders ${live}
    BEGIN ${applyDelta({ row: "OLD", sign: -1 })}
    END;

    CREATE TRIGGER orders_rollup_update AFTER UPDATE ON orders ${live}
    BEGIN ${applyDelta({ row: "OLD", sign: -1 })} ${applyDelta({ row: "NEW", sign: 1 })}
    END;
  `,
};
