import Database from "better-sqlite3";
import { DEMO_USERS, expect, test } from "./support/auth";
import { E2E_DB } from "./support/config";
import { defaultPeriod } from "./support/expected";
import type { Page } from "@playwright/test";
import { countActions, isAction, replayWithoutSession } from "./support/actions";

// Independent expectations: SQL written here over the raw orders of the e2e database.
const FROM = "FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id";
let db: Database.Database | null = null;
const sql = () => (db ??= new Database(E2E_DB, { readonly: true, fileMustExist: true }));

function where(f: { from: string; to: string; category?: string }) {
  return f.category
    ? { sql: "o.day BETWEEN ? AND ? AND p.category = ?", params: [f.from, f.to, f.category] }
    : { sql: "o.day BETWEEN ? AND ?", params: [f.from, f.to] };
}
const count = (f: { from: string; to: string; category?: string }) => {
  const w = where(f);
  return sql().prepare(`SELECT COUNT(*) ${FROM} WHERE ${w.sql}`).pluck().get(w.params) as number;
};
const ids = (
  f: { from: string; to: string; category?: string },
  order: string,
  offset: number,
  limit: number,
) => {
  const w = where(f);
  return (
    sql()
      .prepare(`SELECT o.id ${FROM} WHERE ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...w.params, limit, offset) as number[]
  ).map(String);
};

async function shownIds(page: Page): Promise<string[]> {
  await expect(page.getByTestId("overview-content")).toHaveAttribute("aria-busy", "false");
  return page
    .getByTestId("details-table")
    .locator("tbody tr[data-row-id]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-row-id") ?? ""));
}

async function expectRows(page: Page, expected: string[]) {
  await expect(async () => expect(await shownIds(page)).toEqual(expected)).toPass({ timeout: 10_000 });
}

test.describe("Details", () => {
  // Several server round trips per test on a shared 2-core machine.
  test.describe.configure({ timeout: 90_000 });

  test("an anonymous visitor is sent to the login page", async ({ page }) => {
    await page.goto("/details?sort=revenue");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdetails/);
    const response = await page.request.get("/api/details/export", { maxRedirects: 0 });
    expect([307, 401]).toContain(response.status());
    expect(await response.text()).not.toContain("revenue,cost,profit");
  });

  test("shows the matching orders and their count, equal to SQL, server-rendered", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    const period = defaultPeriod();
    // The first view arrives with its rows in the HTML: no request for data after load.
    const html = await (await page.request.get("/details")).text();
    const first = ids(period, "o.day DESC, o.id DESC", 0, 25);
    expect(html).toContain(`data-row-id="${first[0]}"`);

    await page.goto("/details");
    await expect(page.getByRole("link", { name: "Details" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("details-count")).toHaveText(count(period).toLocaleString("en-US"));
    await expectRows(page, first);
    const pages = Math.ceil(count(period) / 25);
    await expect(page.getByTestId("details-page")).toHaveText(`Page 1 of ${pages.toLocaleString("en-US")}`);
  });

  test("sorting and paging give SQL's pages, one action per step", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/details");
    const period = defaultPeriod();
    const total = count(period);
    const actions = countActions(page);

    await page.getByTestId("sort-revenue").click();
    await expect(page).toHaveURL(/sort=revenue&dir=asc/);
    await expectRows(page, ids(period, "o.revenue ASC, o.id ASC", 0, 25));
    await page.getByTestId("sort-revenue").click();
    await expect(page).toHaveURL(/sort=revenue&dir=desc/);
    const order = "o.revenue DESC, o.id DESC";
    await expectRows(page, ids(period, order, 0, 25));

    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/after=\d+/);
    await expectRows(page, ids(period, order, 25, 25));
    await expect(page.getByTestId("details-page")).toContainText("Page 2 of");

    await page.getByRole("button", { name: "Last" }).click();
    const lastOffset = (Math.ceil(total / 25) - 1) * 25;
    await expectRows(page, ids(period, order, lastOffset, 25));
    await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();

    await page.getByRole("button", { name: "Previous" }).click();
    await expectRows(page, ids(period, order, lastOffset - 25, 25));

    await page.getByTestId("sort-store").click();
    await expectRows(page, ids(period, "s.name ASC, s.id ASC, o.day ASC, o.id ASC", 0, 25));
    await page.getByTestId("details-size").selectOption("50");
    await expectRows(page, ids(period, "s.name ASC, s.id ASC, o.day ASC, o.id ASC", 0, 50));
    expect(actions.count).toBe(7);

    // Back restores the previous state from the cache, without a request.
    await page.goBack();
    await expectRows(page, ids(period, "s.name ASC, s.id ASC, o.day ASC, o.id ASC", 0, 25));
    expect(actions.count).toBe(7);
  });

  test("a click on a category bar filters the table and the URL; the chip clears it", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/details");
    const period = defaultPeriod();
    const chart = page.getByTestId("chart-category");
    await expect(chart).not.toHaveAttribute("data-drawn-key", "", { timeout: 15_000 });
    // Bars are drawn highest revenue first.
    const top = sql()
      .prepare(
        `SELECT p.category ${FROM} WHERE o.day BETWEEN ? AND ? GROUP BY p.category ORDER BY SUM(o.revenue) DESC LIMIT 1`,
      )
      .pluck()
      .get(period.from, period.to) as string;
    const bar = chart.locator(".point path").first();
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

    await expect.poll(() => new URL(page.url()).searchParams.get("category")).toBe(top);
    await expect(page.getByTestId("chip-category")).toContainText(top);
    const filtered = { ...period, category: top };
    await expect(page.getByTestId("details-count")).toHaveText(count(filtered).toLocaleString("en-US"));
    await expectRows(page, ids(filtered, "o.day DESC, o.id DESC", 0, 25));

    await page.getByTestId("chip-category").getByRole("button").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("category")).toBeNull();
    await expect(page.getByTestId("details-count")).toHaveText(count(period).toLocaleString("en-US"));
  });

  test("dragging across the revenue chart sets the dates in the URL and the table", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/details?granularity=month");
    const chart = page.getByTestId("chart-timeseries");
    await expect(chart).not.toHaveAttribute("data-drawn-key", "", { timeout: 15_000 });
    const area = (await chart.locator(".nsewdrag").first().boundingBox())!;
    const y = area.y + area.height / 2;
    await page.mouse.move(area.x + area.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width * 0.5, y, { steps: 8 });
    await page.mouse.move(area.x + area.width * 0.6, y, { steps: 8 });
    await page.mouse.up();

    await expect.poll(() => new URL(page.url()).searchParams.get("from")).not.toBeNull();
    const params = new URL(page.url()).searchParams;
    const range = { from: params.get("from")!, to: params.get("to") ?? defaultPeriod().to };
    const period = defaultPeriod();
    expect(range.from > period.from && range.to < period.to).toBe(true);
    await expect(page.getByTestId("chip-dates")).toContainText(`${range.from} to ${range.to}`);
    await expect(page.getByTestId("details-count")).toHaveText(count(range).toLocaleString("en-US"));
    await expectRows(page, ids(range, "o.day DESC, o.id DESC", 0, 25));
  });

  test("the CSV export returns every matching order", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/details?category=Books&sort=cost&dir=desc");
    const period = defaultPeriod();
    const href = await page.getByTestId("details-export").getAttribute("href");
    expect(href).toContain("category=Books");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,day,store,city,region,product,category,channel,quantity,revenue,cost,profit");
    const expected = ids({ ...period, category: "Books" }, "o.cost DESC, o.id DESC", 0, -1);
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(expected);

    const bad = await page.request.get("/api/details/export?sort=nope");
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain("Unknown sort column");
  });

  test("bad URL input shows a message and the default view, never an error page", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    const response = await page.goto("/details?sort=secret&size=9999&after=xyz&region=Mars");
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("filter-problems")).toContainText("Unknown sort column");
    await expectRows(page, ids(defaultPeriod(), "o.day DESC, o.id DESC", 0, 25));
  });

  test("the action returns no data to a hand-made POST without a session", async ({
    page,
    signIn,
    playwright,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/details");
    await expect(page.getByTestId("details-count")).toBeVisible();
    const captured = page.waitForRequest(isAction);
    await page.getByRole("button", { name: "Next" }).click();
    // To the private page (the guard redirects it) and to the public Overview (the action itself must refuse).
    for (const body of await replayWithoutSession(playwright.request, await captured)) {
      expect(body).not.toContain("storeId");
      expect(body).not.toContain('"rows"');
    }
  });
});
