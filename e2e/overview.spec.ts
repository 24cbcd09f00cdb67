import { expect, test, type Page, type Request } from "@playwright/test";
import { defaultPeriod, expectedKpiText, revenueByCategory, type Filter } from "./support/expected";
import { isAction } from "./support/actions";

const CHARTS = ["chart-timeseries", "chart-category", "chart-products", "chart-channel", "chart-map"];

/**
 * Waits until every chart has drawn the data currently shown (not an older answer). `shows` is what
 * the shown state's key must match first: the URL changes before the page renders the new state,
 * so right after a click the content can still show (and not yet be loading) the previous one.
 */
async function expectChartsDrawn(page: Page, shows?: RegExp) {
  const content = page.getByTestId("overview-content");
  if (shows) await expect(content).toHaveAttribute("data-key", shows);
  await expect(content).toHaveAttribute("aria-busy", "false");
  const key = await content.getAttribute("data-key");
  for (const chart of CHARTS) {
    await expect(page.getByTestId(chart)).toHaveAttribute(
      "data-drawn-key",
      new RegExp(`^${escape(key!)}\\|`),
      { timeout: 15_000 },
    );
    await expect(page.getByTestId(chart).locator(".main-svg").first()).toBeVisible();
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function expectKpis(page: Page, filter: Filter) {
  const expected = expectedKpiText(filter);
  await expect(page.getByTestId("kpi-revenue")).toHaveText(expected.revenue);
  await expect(page.getByTestId("kpi-orders")).toHaveText(expected.orders);
  await expect(page.getByTestId("kpi-aov")).toHaveText(expected.aov);
  await expect(page.getByTestId("kpi-margin")).toHaveText(expected.margin);
}

test.describe("Overview", () => {
  test("server-renders KPI values that equal SQL over the raw orders", async ({ page }) => {
    const response = await page.request.get("/");
    const html = await response.text();
    const expected = expectedKpiText(defaultPeriod());
    // Numbers are in the HTML itself: no spinner, no client fetch for the default view.
    expect(html).toContain(expected.revenue);
    expect(html).toContain(expected.orders);

    const actions: Request[] = [];
    page.on("request", (r) => isAction(r) && actions.push(r));
    await page.goto("/");
    await expectKpis(page, defaultPeriod());
    await expectChartsDrawn(page);
    expect(actions).toHaveLength(0);
  });

  test("draws every chart with figures equal to SQL", async ({ page }, testInfo) => {
    await page.goto("/");
    await expectChartsDrawn(page);
    const bars = await page
      .getByTestId("chart-category")
      .locator(".js-plotly-plot")
      .evaluate((el) => {
        const trace = (el as unknown as { data: { x: string[]; y: number[] }[] }).data[0]!;
        return trace.x.map((name, i) => [name, trace.y[i]] as const);
      });
    const expected = revenueByCategory(defaultPeriod());
    expect(bars).toHaveLength(expected.size);
    for (const [name, value] of bars) expect(value).toBeCloseTo(expected.get(name)!, 2);

    const points = await page
      .getByTestId("chart-map")
      .locator(".js-plotly-plot")
      .evaluate((el) => {
        const trace = (el as unknown as { data: { lat: number[] }[] }).data[0]!;
        return trace.lat.length;
      });
    expect(points).toBeGreaterThan(50);

    await page.screenshot({ path: testInfo.outputPath("overview.png"), fullPage: true });
    await testInfo.attach("overview", {
      path: testInfo.outputPath("overview.png"),
      contentType: "image/png",
    });
  });

  test("changing a filter updates the URL, the KPIs and the charts in one server action", async ({
    page,
  }) => {
    await page.goto("/");
    await expectChartsDrawn(page);
    const before = await page.getByTestId("overview-content").getAttribute("data-key");

    const actions: Request[] = [];
    page.on("request", (r) => isAction(r) && actions.push(r));
    await page.getByTestId("filter-region").getByRole("button").click();
    // All regions are ticked; unticking four leaves North. Each click is its own filter state.
    for (const region of ["South", "East", "West", "Central"]) {
      const box = page.getByTestId("filter-region").locator(`input[value="${region}"]`);
      await box.click();
      await expect(box).not.toBeChecked();
    }
    await page.keyboard.press("Escape");

    await expect(page).toHaveURL(/region=North(&|$)/);
    await expectKpis(page, { ...defaultPeriod(), regions: ["North"] });
    await expectChartsDrawn(page, /^North\|/);
    expect(await page.getByTestId("overview-content").getAttribute("data-key")).not.toBe(before);
    // One request per filter state, and every request carries only the small filter state.
    expect(actions.length).toBeLessThanOrEqual(4);
    for (const action of actions) expect((action.postData() ?? "").length).toBeLessThan(1024);

    await page.getByRole("radio", { name: "Month" }).click();
    await expect(page).toHaveURL(/granularity=month/);
    await expectChartsDrawn(page, /\|month$/);
    const months = await page
      .getByTestId("chart-timeseries")
      .locator(".js-plotly-plot")
      .evaluate((el) => {
        return (el as unknown as { data: { x: string[] }[] }).data[0]!.x.length;
      });
    expect(months).toBeGreaterThanOrEqual(12);
    expect(months).toBeLessThanOrEqual(13);
  });

  test("reload keeps the filters", async ({ page }) => {
    const period = defaultPeriod();
    await page.goto("/?region=West,East&channel=Online");
    await expectKpis(page, { ...period, regions: ["East", "West"], channels: ["Online"] });
    await page.reload();
    await expectKpis(page, { ...period, regions: ["East", "West"], channels: ["Online"] });
    await expect(page.getByTestId("filter-region")).toContainText("2 selected");
    await expect(page.getByTestId("filter-channel")).toContainText("Online");
  });

  test("back button restores the previous filters without a request", async ({ page }) => {
    await page.goto("/");
    await expectChartsDrawn(page);
    await page.getByTestId("filter-category").getByRole("button").click();
    const books = page.getByTestId("filter-category").locator('input[value="Books"]');
    await books.click();
    await expect(books).not.toBeChecked();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/category=/);
    await expectChartsDrawn(page, /^[^|]*\|[^|]+\|/);

    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await page.goBack();
    await expect(page).not.toHaveURL(/category=/);
    await expectKpis(page, defaultPeriod());
    await expectChartsDrawn(page, /^\|\|\|/);
    // No data or page request at all: only the browser re-checking static assets (e.g. the icon).
    const dataRequests = requests.filter((r) => ["document", "fetch", "xhr"].includes(r.resourceType()));
    expect(dataRequests.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
  });

  test("a bad query string shows a clear message and falls back to defaults", async ({ page }) => {
    const response = await page.goto(
      "/?region=Mars&from=2025-13-01&granularity=hourly&channel=Online&channel=Partner",
    );
    expect(response?.status()).toBe(200);
    const problems = page.getByTestId("filter-problems");
    await expect(problems).toContainText("Unknown region “Mars”");
    await expect(problems).toContainText("2025-13-01");
    await expect(problems).toContainText("Unknown granularity “hourly”");
    await expect(problems).toContainText("channel filter was given 2 times");
    await expectKpis(page, defaultPeriod());
  });

  test("a period without data shows zeros and a note, not an error", async ({ page }) => {
    await page.goto("/?from=2019-01-01&to=2019-12-31");
    await expect(page.getByTestId("kpi-revenue")).toHaveText("$0");
    await expect(page.getByTestId("kpi-orders")).toHaveText("0");
    await expect(page.getByTestId("no-data")).toBeVisible();
    await expectChartsDrawn(page);
  });

  test("the server action answers wrong input with a typed error, never a 500", async ({ page }) => {
    await page.goto("/");
    await expectChartsDrawn(page);
    const actionRequest = page.waitForRequest(isAction);
    await page.getByRole("radio", { name: "Day" }).click();
    const captured = await actionRequest;
    const headers = { ...captured.headers() };
    for (const bad of [
      '[{"regions":"North"}]',
      '[{"regions":[],"categories":[],"channels":[],"from":"2025-02-30","to":"2025-12-31","granularity":"day"}]',
      "[42]",
      '["x", {"extra": 1}]',
    ]) {
      const response = await page.request.post(captured.url(), { headers, data: bad });
      expect(response.status()).toBeLessThan(500);
      const body = await response.text();
      expect(body).not.toContain("at ");
      expect(body).toContain("Invalid filters");
    }
  });
});
