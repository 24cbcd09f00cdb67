import type { Page, Request } from "@playwright/test";
import { DEMO_USERS, expect, logIn, test } from "./support/auth";
import { expectedKpiText, lastDay } from "./support/expected";
import { isAction, isRsc } from "./support/actions";

// Preferences are saved to the database per user; these tests restore alice's defaults at the end
// (the Reset button is part of what they test) so other specs see the demo defaults.

async function chartsDrawn(page: Page, charts: string[], mode: "light" | "dark") {
  for (const chart of charts) {
    // Charts mount when within a screen of the viewport (components/charts/plot.tsx).
    await page.getByTestId(chart).scrollIntoViewIfNeeded();
    await expect(page.getByTestId(chart)).toHaveAttribute("data-drawn-key", new RegExp(`\\|${mode}$`), {
      timeout: 15_000,
    });
  }
}

async function resetSettings(page: Page) {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Reset to defaults" }).click();
  await expect(page.getByTestId("settings-status")).toHaveText("Defaults restored.");
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

test.describe("Settings", () => {
  // Several logins and full page loads per test; the machine is shared.
  test.describe.configure({ timeout: 90_000 });

  test("anonymous visitors are sent to the login page", async ({ page }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings/);
  });

  test("settings persist across logout and login, and in another browser", async ({
    page,
    signIn,
    browser,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/settings");
    const form = page.getByTestId("settings-form");
    await form.getByRole("radiogroup", { name: "Theme" }).getByRole("radio", { name: "Dark" }).click();
    await form
      .getByRole("radiogroup", { name: "Table density" })
      .getByRole("radio", { name: "Compact" })
      .click();
    await page.getByTestId("setting-animation").uncheck();
    await page.getByTestId("default-channel").getByRole("button").click();
    for (const channel of ["In-store", "Partner"])
      await page.getByTestId("default-channel").locator(`input[value="${channel}"]`).click();
    await page.keyboard.press("Escape");
    await page.getByTestId("default-range").selectOption("90");
    await form
      .getByRole("radiogroup", { name: "Default granularity" })
      .getByRole("radio", { name: "Month" })
      .click();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByTestId("settings-status")).toHaveText("Settings saved.");
    // Applied to this page at once.
    const html = page.locator("html");
    await expect(html).toHaveAttribute("data-theme", "dark");
    await expect(html).toHaveAttribute("data-density", "compact");
    await expect(html).toHaveAttribute("data-animation", "off");

    // The mirror holds display preferences only: nothing secret, no filters.
    const mirror = await page.evaluate(() => ({ ...localStorage }));
    expect(Object.keys(mirror)).toEqual(["chartroom-prefs"]);
    expect(JSON.parse(mirror["chartroom-prefs"]!)).toEqual({
      theme: "dark",
      animation: false,
      density: "compact",
    });

    await page.getByLabel("Account menu for alice").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

    await signIn(DEMO_USERS.alice);
    await page.goto("/settings");
    await expect(
      form.getByRole("radiogroup", { name: "Theme" }).getByRole("radio", { name: "Dark" }),
    ).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("setting-animation")).not.toBeChecked();
    await expect(page.getByTestId("default-range")).toHaveValue("90");

    // Another browser: nothing in its storage, so the server renders the preferences from the DB,
    // and a bare "/" opens the user's default filters, in the URL and in the server-rendered numbers.
    const other = await browser.newContext();
    const second = await other.newPage();
    expect(await logIn(second.request, DEMO_USERS.alice)).toBeNull();
    const response = await second.request.get("/settings");
    expect(await response.text()).toMatch(/<html[^>]*data-theme="dark"[^>]*data-density="compact"/);
    await second.goto("/");
    const to = lastDay();
    const from = addDays(to, -89);
    await expect(second).toHaveURL(new RegExp(`/\\?channel=Online&from=${from}&granularity=month$`));
    await expect(second.locator("html")).toHaveAttribute("data-theme", "dark");
    // Animation off reaches every chart: Plotly gets a zero-length transition.
    await expect(second.getByTestId("chart-timeseries")).toHaveAttribute("data-animated", "false");
    await expect(second.getByTestId("kpi-revenue")).toHaveText(
      expectedKpiText({ from, to, channels: ["Online"] }).revenue,
    );
    await other.close();

    await resetSettings(page);
    await expect(html).not.toHaveAttribute("data-theme");
    await expect(html).toHaveAttribute("data-density", "comfortable");
    await page.goto("/");
    await expect(page).toHaveURL(/\/$/);
  });

  test("a theme change restyles the charts without any data request", async ({ page, signIn }) => {
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));

    await page.goto("/");
    const overviewCharts = [
      "chart-timeseries",
      "chart-category",
      "chart-products",
      "chart-channel",
      "chart-map",
    ];
    await chartsDrawn(page, overviewCharts, "light");
    await expect(page.getByTestId("chart-map")).toHaveAttribute("data-animated", "true");
    requests.length = 0;
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await chartsDrawn(page, overviewCharts, "dark");
    await page.getByRole("radio", { name: "Light theme" }).click();
    await chartsDrawn(page, overviewCharts, "light");
    expect(requests.filter(isRsc)).toEqual([]);
    expect(requests.filter((r) => r.method() !== "GET")).toEqual([]);

    await signIn(DEMO_USERS.bob);
    await page.goto("/dashboard");
    const dashboardCharts = ["chart-profit", "chart-region-profit", ...overviewCharts];
    await chartsDrawn(page, dashboardCharts, "light");
    requests.length = 0;
    await page.getByRole("radio", { name: "Dark theme" }).click();
    await chartsDrawn(page, dashboardCharts, "dark");
    await page.getByRole("radio", { name: "Light theme" }).click();
    await chartsDrawn(page, dashboardCharts, "light");
    await page.getByRole("radio", { name: "System theme" }).click();
    await expect(page.locator("html")).not.toHaveAttribute("data-theme");
    expect(requests.filter(isRsc)).toEqual([]);
    // A signed-in user's choice is saved (the theme alone); no figure is fetched again.
    const posts = requests.filter((r) => r.method() !== "GET");
    expect(posts.every(isAction)).toBe(true);
    expect(posts.map((r) => r.postData())).toEqual([
      '[{"theme":"dark"}]',
      '[{"theme":"light"}]',
      '[{"theme":"system"}]',
    ]);
  });

  test("table density changes the tables", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/dashboard");
    const row = page.getByTestId("store-profit-table").locator("tbody tr").first();
    await expect(row).toBeVisible();
    const comfortable = (await row.boundingBox())!.height;

    await page.goto("/settings");
    await page
      .getByTestId("settings-form")
      .getByRole("radiogroup", { name: "Table density" })
      .getByRole("radio", { name: "Compact" })
      .click();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByTestId("settings-status")).toHaveText("Settings saved.");
    await page.goto("/dashboard");
    await expect(page.locator("html")).toHaveAttribute("data-density", "compact");
    const compact = (await row.boundingBox())!.height;
    expect(compact).toBeLessThan(comfortable - 4);

    await resetSettings(page);
  });
});
