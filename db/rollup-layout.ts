import { CATEGORIES, CHANNELS, REGIONS, type Category, type Channel, type Region } from "../lib/retail";

// The wide rollups hold one column per pair of dimension values, so a filter becomes a choice of
// columns instead of a scan over (region, category, channel) rows. Column names are built only from
// these fixed slugs: the schema (migration 002), the rebuild and the queries all read this module,
// and no name ever comes from input. The layout is part of migration 002's schema: a new region,
// category or channel needs a new migration that adds its columns.

const REGION_SLUGS: Record<Region, string> = {
  North: "north",
  South: "south",
  East: "east",
  West: "west",
  Central: "central",
};
const CATEGORY_SLUGS: Record<Category, string> = {
  Electronics: "electronics",
  "Home & Kitchen": "home_kitchen",
  Clothing: "clothing",
  "Sports & Outdoors": "sports_outdoors",
  Beauty: "beauty",
  "Toys & Games": "toys_games",
  Grocery: "grocery",
  Books: "books",
};
const CHANNEL_SLUGS: Record<Channel, string> = {
  Online: "online",
  "In-store": "in_store",
  Partner: "partner",
};

/** A (category, channel) column group: the region cube and the store rollups. */
export interface CategoryChannel {
  category: Category;
  channel: Channel;
  slug: string;
}

/** A (region, channel) column group: the product rollups (a product has one category). */
export interface RegionChannel {
  region: Region;
  channel: Channel;
  slug: string;
}

export const CATEGORY_CHANNELS: readonly CategoryChannel[] = CATEGORIES.flatMap((category) =>
  CHANNELS.map((channel) => ({
    category,
    channel,
    slug: `${CATEGORY_SLUGS[category]}_${CHANNEL_SLUGS[channel]}`,
  })),
);

export const REGION_CHANNELS: readonly RegionChannel[] = REGIONS.flatMap((region) =>
  CHANNELS.map((channel) => ({ region, channel, slug: `${REGION_SLUGS[region]}_${CHANNEL_SLUGS[channel]}` })),
);

/** A dimension value as an SQL string literal; the values are the fixed enums above, never input. */
export function sqlLiteral(value: Region | Category | Channel): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export const cents = (expr: string) => `CAST(ROUND(${expr} * 100) AS INTEGER)`;

/** SQL for the period keys of a day column; days are validated as real dates, so substr and date() agree. */
export const periodKey = {
  day: (day: string) => day,
  week: (day: string) => `date(${day}, 'weekday 0', '-6 days')`,
  month: (day: string) => `substr(${day}, 1, 8) || '01'`,
  year: (day: string) => `substr(${day}, 1, 5) || '01-01'`,
};

/** Columns of agg_day/week/month/year, cum_product_* and cum_store_* after their keys. */
export const cubeColumns = CATEGORY_CHANNELS.flatMap(({ slug }) => [
  `orders_${slug}`,
  `revenue_${slug}`,
  `cost_${slug}`,
]);
export const productColumns = REGION_CHANNELS.map(({ slug }) => `revenue_${slug}`);
export const storeColumns = CATEGORY_CHANNELS.flatMap(({ slug }) => [
  `orders_${slug}`,
  `revenue_${slug}`,
  `cost_${slug}`,
]);
