// The retail demo dataset's fixed dimensions. Shared by the generator, the validation schemas and
// the UI, so a filter can never name a value the data cannot hold.
export const REGIONS = ["North", "South", "East", "West", "Central"] as const;
export const CATEGORIES = [
  "Electronics",
  "Home & Kitchen",
  "Clothing",
  "Sports & Outdoors",
  "Beauty",
  "Toys & Games",
  "Grocery",
  "Books",
] as const;
export const CHANNELS = ["Online", "In-store", "Partner"] as const;
export const GRANULARITIES = ["day", "week", "month"] as const;

export type Region = (typeof REGIONS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Granularity = (typeof GRANULARITIES)[number];

/** First and last day the demo generator covers. */
export const DEMO_FIRST_DAY = "2021-01-01";
export const DEMO_LAST_DAY = "2025-12-31";
