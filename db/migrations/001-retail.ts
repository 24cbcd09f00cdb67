import type { Migration } from "../migrate";

// The retail dataset. Table and column names are a public contract: other tools read this file.
export const retail: Migration = {
  id: 1,
  name: "retail",
  up: `
    CREATE TABLE stores (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      city TEXT NOT NULL,
      region TEXT NOT NULL CHECK (region IN ('North', 'South', 'East', 'West', 'Central')),
      lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
      lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180)
    );

    CREATE TABLE products (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      category TEXT NOT NULL,
      unit_price REAL NOT NULL CHECK (unit_price > 0)
    );

    CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
      store_id INTEGER NOT NULL REFERENCES stores (id),
      product_id INTEGER NOT NULL REFERENCES products (id),
      channel TEXT NOT NULL CHECK (channel IN ('Online', 'In-store', 'Partner')),
      quantity INTEGER NOT NULL CHECK (quantity >= 1),
      revenue REAL NOT NULL CHECK (revenue >= 0),
      cost REAL NOT NULL CHECK (cost >= 0)
    );

    -- Range scans by day: the edge days of a date filter and drill-downs.
    CREATE INDEX orders_day ON orders (day);
  `,
};
