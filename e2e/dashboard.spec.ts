import { DEMO_USERS, expect, test } from "./support/auth";
import { defaultPeriod, expectedKpiText, regionProfit, storeTotals } from "./support/expected";
import { countActions, isAction, replayWithoutSession } from "./support/actions";

const usd0 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const PRIVATE_CHARTS = ["chart-profit", "chart-region-profit", "chart-timeseries", "chart-map"];

test.describe("My dashboard", () => {
  test("greets the user and shows cost and profit equal to SQL over the raw orders", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/dashboard");
    await expect(page.getByTestId("dashboard-greeting")).toHaveText("Welcome back, bob");
    const period = defaultPeriod();
    await expect(page.getByTestId("kpi-revenue")).toHaveText(expectedKpiText(period).revenue);

    const profits = regionProfit(period);
    for (const [region, profit] of profits) {
      const row = page.getByTestId("region-profit-table").locator(`tr[data-row-id="${region}"]`);
      await expect(row.locator("td").nth(2)).toHaveText(usd0.format(profit));
    }
    const stores = storeTotals(period);
    const rows = page.getByTestId("store-profit-table").locator("tbody tr");
    await expect(rows).toHaveCount(stores.size);
    const first = rows.first();
    const id = Number(await first.getAttribute("data-row-id"));
    const best = stores.get(id)!;
    await expect(first.locator("td").nth(1)).toHaveText(best.orders.toLocaleString("en-US"));
    await expect(first.locator("td").nth(3)).toHaveText(usd0.format(best.cost));
    // Most profitable first.
    const top = Math.max(...[...stores.values()].map((s) => s.revenue - s.cost));
    expect(best.revenue - best.cost).toBeCloseTo(top, 2);

    for (const chart of PRIVATE_CHARTS) {
      // Charts mount when within a screen of the viewport (components/charts/plot.tsx).
      await page.getByTestId(chart).scrollIntoViewIfNeeded();
      await expect(page.getByTestId(chart)).not.toHaveAttribute("data-drawn-key", "", { timeout: 15_000 });
    }
  });

  test("a filter change updates the private figures in one action", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/dashboard");
    await expect(page.getByTestId("dashboard-greeting")).toBeVisible();
    const actions = countActions(page);
    await page.goto("/dashboard?region=South");
    const period = { ...defaultPeriod(), regions: ["South"] };
    await expect(page.getByTestId("kpi-revenue")).toHaveText(expectedKpiText(period).revenue);
    await page.getByRole("radio", { name: "Month" }).click();
    await expect(page).toHaveURL(/granularity=month/);
    // The URL changes a render before the page shows (and loads) the new state.
    await expect(page.getByTestId("overview-content")).toHaveAttribute("data-key", /\|month$/);
    await expect(page.getByTestId("overview-content")).toHaveAttribute("aria-busy", "false");
    const rows = page.getByTestId("region-profit-table").locator("tbody tr");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().locator("td").nth(2)).toHaveText(
      usd0.format(regionProfit(period).get("South")!),
    );
    expect(actions.count).toBe(1);
  });

  test("the private action returns no data without a session", async ({ page, signIn, playwright }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/dashboard");
    await expect(page.getByTestId("dashboard-greeting")).toBeVisible();
    const captured = page.waitForRequest(isAction);
    await page.getByRole("radio", { name: "Day" }).click();
    const bodies = await replayWithoutSession(playwright.request, await captured);
    for (const body of bodies) {
      expect(body).not.toContain("byStore");
      expect(body).not.toContain("Welcome back");
    }
    // The guard redirects the private page; the public page does not know the private action.
    // The action's own session check is covered by lib/actions/dashboard.test.ts.
    expect(bodies).toHaveLength(2);
  });
});
