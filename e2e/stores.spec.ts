import Database from "better-sqlite3";
import type { Page, Request } from "@playwright/test";
import { DEMO_USERS, expect, test } from "./support/auth";
import { E2E_DB } from "./support/config";
import { defaultPeriod, storeTotals, type Filter } from "./support/expected";
import { isAction, isRsc, replayWithoutSession } from "./support/actions";

// Panel figures against SQL over the raw orders of the e2e database (the app reads rollups).

const usd0 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const usd2 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2 });

function topProduct(storeId: number, f: Filter): string {
  const db = new Database(E2E_DB, { readonly: true, fileMustExist: true });
  try {
    const params: (string | number)[] = [storeId, f.from, f.to];
    let sql = `SELECT p.name FROM orders o JOIN products p ON p.id = o.product_id
      WHERE o.store_id = ? AND o.day BETWEEN ? AND ?`;
    if (f.channels?.length) {
      sql += ` AND o.channel IN (${f.channels.map(() => "?").join(",")})`;
      params.push(...f.channels);
    }
    sql += " GROUP BY p.id ORDER BY SUM(o.revenue) DESC, p.id LIMIT 1";
    return (db.prepare(sql).get(params) as { name: string }).name;
  } finally {
    db.close();
  }
}

async function expectPanelEqualsSql(page: Page, storeId: number, f: Filter) {
  const panel = page.getByTestId("store-panel");
  await expect(panel).toHaveAttribute("data-store-id", String(storeId));
  await expect(page.getByTestId("overview-content")).toHaveAttribute("aria-busy", "false");
  const t = storeTotals(f).get(storeId)!;
  await expect(page.getByTestId("store-kpi-revenue")).toHaveText(usd0.format(t.revenue));
  await expect(page.getByTestId("store-kpi-orders")).toHaveText(t.orders.toLocaleString("en-US"));
  await expect(page.getByTestId("store-kpi-aov")).toHaveText(usd2.format(t.revenue / t.orders));
  await expect(page.getByTestId("store-kpi-profit")).toHaveText(usd0.format(t.revenue - t.cost));
  await expect(page.getByTestId("store-kpi-cost")).toHaveText(usd0.format(t.cost));
  await expect(page.getByTestId("store-kpi-margin")).toHaveText(
    `${(((t.revenue - t.cost) / t.revenue) * 100).toFixed(1)}%`,
  );
  for (const chart of ["store-trend", "store-products", "store-channels"])
    await expect(page.getByTestId(chart)).toHaveAttribute("data-drawn-key", new RegExp(`^${storeId}\\|`), {
      timeout: 15_000,
    });
  await expect(page.getByTestId("store-products")).toContainText(topProduct(storeId, f));
}

test.describe("Stores", () => {
  // Logins, full page loads and five drawn charts per test; the machine is shared.
  test.describe.configure({ timeout: 90_000 });

  test("anonymous visitors are sent to the login page", async ({ page }) => {
    await page.goto("/stores?store=3");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fstores%3Fstore%3D3/);
  });

  test("clicking a store on the map opens its figures, equal to SQL, in one action", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/stores");
    const map = page.getByTestId("stores-map");
    await expect(map).not.toHaveAttribute("data-drawn-key", "", { timeout: 15_000 });
    const period = defaultPeriod();
    // Map points are the stores with orders, by id: point i is the i-th such store.
    const ids = [...storeTotals(period).keys()].sort((a, b) => a - b);
    const index = 5;
    const point = map.locator(".scattergeo path.point").nth(index);
    const box = (await point.boundingBox())!;

    const actions: Request[] = [];
    page.on("request", (r) => isAction(r) && actions.push(r));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page).toHaveURL(new RegExp(`[?&]store=${ids[index]}$`));
    await expectPanelEqualsSql(page, ids[index]!, period);
    expect(actions).toHaveLength(1);
    // The request carries the store id and the filters, never figures.
    const body = actions[0]!.postData() ?? "";
    expect(body.length).toBeLessThan(400);
    expect(body).toContain(`"storeId":${ids[index]}`);
  });

  test("the keyboard list opens a panel; back and forward reopen panels without a request", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/stores?channel=Online&granularity=month");
    const filter = { ...defaultPeriod(), channels: ["Online"] };
    const list = page.getByTestId("store-list");
    const [first, second] = [3, 17];

    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await list.locator(`button[data-store-id="${first}"]`).focus();
    await page.keyboard.press("Enter");
    await expectPanelEqualsSql(page, first, filter);
    await list.locator(`button[data-store-id="${second}"]`).focus();
    await page.keyboard.press("Enter");
    await expectPanelEqualsSql(page, second, filter);
    expect(requests.filter(isAction)).toHaveLength(2);

    requests.length = 0;
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`store=${first}$`));
    await expectPanelEqualsSql(page, first, filter);
    await page.goBack();
    await expect(page.getByTestId("store-panel-empty")).toBeVisible();
    await page.goForward();
    await expectPanelEqualsSql(page, first, filter);
    expect(requests.filter((r) => isAction(r) || isRsc(r))).toEqual([]);

    // A shared link opens the same panel, rendered by the server.
    await page.goto(`/stores?channel=Online&granularity=month&store=${second}`);
    await expectPanelEqualsSql(page, second, filter);
  });

  test("a filter change with a panel open updates map and panel in one action", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/stores?store=8");
    await expectPanelEqualsSql(page, 8, defaultPeriod());
    let actions = 0;
    page.on("request", (r) => isAction(r) && actions++);
    await page.getByTestId("filter-channel").getByRole("button").click();
    await page.getByTestId("filter-channel").locator('input[value="Partner"]').click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/channel=Online%2CIn-store&store=8|channel=Online,In-store&store=8/);
    await expectPanelEqualsSql(page, 8, { ...defaultPeriod(), channels: ["Online", "In-store"] });
    expect(actions).toBe(1);
  });

  test("bad store ids are explained, not errors", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    const response = await page.goto("/stores?store=99999");
    expect(response!.status()).toBe(200);
    await expect(
      page.getByRole("alert").filter({ hasText: "There is no store with id 99999." }),
    ).toBeVisible();
    await page.goto("/stores?store=abc");
    await expect(page.getByTestId("filter-problems")).toContainText("“abc” is not a store id");
  });

  test("a hand-made action POST without a session gets no store data", async ({
    page,
    signIn,
    playwright,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/stores");
    const captured = page.waitForRequest(isAction);
    await page.getByTestId("store-list").locator('button[data-store-id="4"]').click();
    const request = await captured;
    await expectPanelEqualsSql(page, 4, defaultPeriod());
    for (const body of await replayWithoutSession(playwright.request, request)) {
      expect(body).not.toContain('"kpis"');
      expect(body).not.toContain('"profit"');
      expect(body).not.toContain('"lat"');
    }
  });
});
