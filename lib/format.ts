// Number formatting shared by KPI cards, chart hovers and tests' expectations of what is shown.
const currency0 = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});
const currency2 = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const percent1 = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const formatCurrency = (value: number) => currency0.format(value);
export const formatCurrencyCents = (value: number) => currency2.format(value);
export const formatInteger = (value: number) => integer.format(value);
export const formatPercent = (value: number) => percent1.format(value);
export const formatCompactCurrency = (value: number) => `$${compact.format(value)}`;

/** "+4.2%" / "−3.0%" for a relative change; "+0.8 pts" for a change of a percentage. */
export function formatChange(change: number, kind: "relative" | "points"): string {
  const shown = (Math.abs(change) * 100).toFixed(1);
  // The sign follows what is shown: a change that rounds to 0.0 is neither up nor down.
  const sign = shown === "0.0" ? "±" : change > 0 ? "+" : "−";
  return kind === "points" ? `${sign}${shown} pts` : `${sign}${shown}%`;
}
