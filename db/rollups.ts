import type Database from "better-sqlite3";

const measures = "COUNT(*), SUM(o.quantity), SUM(o.revenue), SUM(o.cost)";
const sums = "SUM(orders), SUM(quantity), SUM(revenue), SUM(cost)";
const joined = "FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";

/**
 * Recomputes every rollup table from the raw orders in one pass. Used after a bulk load (with the
 * per-row triggers deferred) and as the reference the triggers are tested against.
 * Call inside a transaction so readers never see half-built rollups.
 */
export function rebuildRollups(db: Database.Database): void {
  db.exec(`
    DELETE FROM agg_day; DELETE FROM agg_week; DELETE FROM agg_month;
    DELETE FROM agg_product_month; DELETE FROM agg_store_month;
    DELETE FROM agg_product_year; DELETE FROM agg_store_year;

    INSERT INTO agg_day (day, week, month, region, category, channel, orders, quantity, revenue, cost)
      SELECT o.day, date(o.day, 'weekday 0', '-6 days'), substr(o.day, 1, 7) || '-01',
             s.region, p.category, o.channel, ${measures}
      ${joined}
      GROUP BY o.day, s.region, p.category, o.channel;

    INSERT INTO agg_week (week, region, category, channel, orders, quantity, revenue, cost)
      SELECT week, region, category, channel, ${sums} FROM agg_day
      GROUP BY week, region, category, channel;

    INSERT INTO agg_month (month, region, category, channel, orders, quantity, revenue, cost)
      SELECT month, region, category, channel, ${sums} FROM agg_day
      GROUP BY month, region, category, channel;

    INSERT INTO agg_product_month (month, product_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT substr(o.day, 1, 7) || '-01' AS m, o.product_id, s.region, p.category, o.channel, ${measures}
      ${joined}
      GROUP BY m, o.product_id, s.region, o.channel;

    INSERT INTO agg_store_month (month, store_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT substr(o.day, 1, 7) || '-01' AS m, o.store_id, s.region, p.category, o.channel, ${measures}
      ${joined}
      GROUP BY m, o.store_id, p.category, o.channel;

    INSERT INTO agg_product_year (year, product_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT substr(month, 1, 4) || '-01-01' AS y, product_id, region, category, channel, ${sums}
      FROM agg_product_month GROUP BY y, product_id, region, channel;

    INSERT INTO agg_store_year (year, store_id, region, category, channel, orders, quantity, revenue, cost)
      SELECT substr(month, 1, 4) || '-01-01' AS y, store_id, region, category, channel, ${sums}
      FROM agg_store_month GROUP BY y, store_id, category, channel;
  `);
}
