import { execFileSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { DEMO_USERS, expect, logIn, test } from "./support/auth";
import { E2E_DB } from "./support/config";
import { countActions, isAction } from "./support/actions";

// The dataset Explorer over datasets written by db/fixtures-explorer.ts (two 3,000-row datasets of
// alice's: one private, one public). Expected numbers come from plain SQL over ds_<id>.

let ids: { privateId: number; publicId: number };
let db: Database.Database;

test.beforeAll(() => {
  const output = execFileSync(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      "db/fixtures-explorer.ts",
      E2E_DB,
    ],
    { encoding: "utf8" },
  );
  ids = JSON.parse(output.trim().split("\n").pop()!) as typeof ids;
  db = new Database(E2E_DB, { readonly: true, fileMustExist: true });
});
test.afterAll(() => db?.close());

const PRIVATE_NAME = "Alice's private sales";
const NOT_FOUND = "This dataset does not exist or you cannot see it.";

interface DrawnTrace {
  type: string;
  name?: string;
  x?: unknown[];
  y?: unknown[];
  z?: unknown[][];
  median?: number[];
}

/** The traces Plotly actually holds for a chart on the page. */
async function drawnTraces(page: Page, testId: string): Promise<DrawnTrace[]> {
  // Charts mount when within a screen of the viewport (components/charts/plot.tsx).
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await expect(page.getByTestId(testId)).not.toHaveAttribute("data-drawn-key", "", { timeout: 15_000 });
  return page.getByTestId(testId).evaluate((el) => {
    const plot = el.querySelector(".js-plotly-plot") as (Element & { data?: DrawnTrace[] }) | null;
    return JSON.parse(JSON.stringify(plot?.data ?? [])) as DrawnTrace[];
  });
}

test.describe("Explorer", () => {
  // Several page loads and charts per test on a shared 2-core machine.
  test.describe.configure({ timeout: 120_000 });

  test("every chart type draws, with numbers equal to SQL", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.alice);
    const id = ids.privateId;
    const table = `ds_${id}`;

    await page.goto(`/datasets/${id}?chart=bar&x=region&agg=sum&y=price`);
    await expect(page.getByTestId("dataset-name")).toHaveText(PRIVATE_NAME);
    const bars = (await drawnTraces(page, "explorer-chart"))[0]!;
    const sums = db.prepare(`SELECT c3 AS k, SUM(c6) AS v FROM ${table} GROUP BY c3 ORDER BY c3`).all() as {
      k: string;
      v: number;
    }[];
    expect(bars.x).toEqual(sums.map((s) => s.k));
    (bars.y as number[]).forEach((v, i) => expect(v).toBeCloseTo(sums[i]!.v, 6));

    await page.goto(`/datasets/${id}?chart=histogram&x=quantity`);
    const histogram = (await drawnTraces(page, "explorer-chart"))[0]!;
    const counts = db
      .prepare(`SELECT c7 AS k, COUNT(*) AS n FROM ${table} GROUP BY c7 ORDER BY c7`)
      .all() as {
      k: number;
      n: number;
    }[];
    expect(histogram.x).toEqual(counts.map((c) => c.k));
    expect(histogram.y).toEqual(counts.map((c) => c.n));

    await page.goto(`/datasets/${id}?chart=box&x=category&y=quantity`);
    const box = (await drawnTraces(page, "explorer-chart"))[0]!;
    expect(box.type).toBe("box");
    expect(box.x).toHaveLength(8);

    await page.goto(`/datasets/${id}?chart=line&x=day&agg=count`);
    const line = (await drawnTraces(page, "explorer-chart"))[0]!;
    const days = db.prepare(`SELECT COUNT(DISTINCT c0) AS n FROM ${table}`).get() as { n: number };
    expect(line.x).toHaveLength(days.n);

    await page.goto(`/datasets/${id}?chart=scatter&x=price&y=score`);
    const scatter = await drawnTraces(page, "explorer-chart");
    const points = db
      .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE c6 IS NOT NULL AND c8 IS NOT NULL`)
      .get() as {
      n: number;
    };
    expect(scatter[0]!.x).toHaveLength(points.n);

    await page.goto(`/datasets/${id}?chart=heatmap&x=region&y=category`);
    const heat = (await drawnTraces(page, "explorer-chart"))[0]!;
    const cell = db
      .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE c3 = 'North' AND c4 = 'Books'`)
      .get() as {
      n: number;
    };
    expect(heat.z![heat.y!.indexOf("Books")]![heat.x!.indexOf("North")]).toBe(cell.n);

    await page.goto(`/datasets/${id}?chart=scatter&x=price&y=score&frame=year`);
    await drawnTraces(page, "explorer-chart");
    const frames = await page
      .getByTestId("explorer-chart")
      .evaluate(
        (el) =>
          (el.querySelector(".js-plotly-plot") as Element & { _transitionData?: { _frames: unknown[] } })
            ._transitionData?._frames.length ?? 0,
      );
    const years = db.prepare(`SELECT COUNT(DISTINCT c2) AS n FROM ${table}`).get() as { n: number };
    expect(frames).toBe(years.n);
    await expect(page.getByTestId("explorer-chart").locator(".slider-container")).toHaveCount(1);
    await expect(page.getByTestId("explorer-chart").getByText("Play")).toBeVisible();
  });

  test("changing X and Y updates the URL and the chart in one action each; back needs none", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto(`/datasets/${ids.publicId}?chart=bar&x=region&agg=sum&y=price`);
    await drawnTraces(page, "explorer-chart");
    const actions = countActions(page);

    await page.getByLabel("X", { exact: true }).selectOption("category");
    await expect(page).toHaveURL(/x=category/);
    await expect(page.getByTestId("explorer-content")).toHaveAttribute("aria-busy", "false");
    const byCategory = (await drawnTraces(page, "explorer-chart"))[0]!;
    expect(byCategory.x).toHaveLength(8);
    expect(actions.count).toBe(1);

    await page.getByLabel("Y", { exact: true }).selectOption("quantity");
    await expect(page).toHaveURL(/y=quantity/);
    await expect(page.getByTestId("explorer-content")).toHaveAttribute("aria-busy", "false");
    const quantities = (await drawnTraces(page, "explorer-chart"))[0]!;
    const expected = db
      .prepare(`SELECT c4 AS k, SUM(c7) AS v FROM ds_${ids.publicId} GROUP BY c4 ORDER BY c4`)
      .all() as { k: string; v: number }[];
    expect(quantities.y).toEqual(expected.map((e) => e.v));
    expect(actions.count).toBe(2);

    await page.goBack();
    await expect(page).toHaveURL(/y=price/);
    await expect(page.getByTestId("explorer-content")).toHaveAttribute("data-key", /"category","price"/);
    expect(actions.count).toBe(2);
  });

  test("retitling the chart restyles it without any data request", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto(`/datasets/${ids.publicId}?chart=histogram&x=price`);
    await drawnTraces(page, "explorer-chart");
    let requests = 0;
    page.on("request", (r) => {
      if (r.method() !== "GET" || r.resourceType() === "fetch" || r.resourceType() === "xhr") requests++;
    });
    await page.getByLabel("Title", { exact: true }).pressSequentially("Prices in 2024");
    await expect(page.getByTestId("explorer-chart").locator(".gtitle")).toHaveText("Prices in 2024");
    await expect(page).toHaveURL(/title=Prices\+in\+2024/);
    expect(requests).toBe(0);
  });

  test("a private dataset shows nothing to another user or an anonymous visitor", async ({
    page,
    signIn,
    playwright,
  }) => {
    // Capture a real action request from the owner, to replay it by hand.
    await signIn(DEMO_USERS.alice);
    await page.goto(`/datasets/${ids.privateId}?chart=bar&x=region&agg=sum&y=price`);
    await drawnTraces(page, "explorer-chart");
    const captured = page.waitForRequest(isAction);
    await page.getByLabel("X", { exact: true }).selectOption("category");
    const request = await captured;
    const headers = { ...request.headers() };
    delete headers.cookie;
    const body = request.postData() ?? "";
    expect(body).toContain(String(ids.privateId));
    const origin = new URL(request.url()).origin;

    // The replay works for the owner...
    const own = await page.request.post(request.url(), { headers, data: body });
    expect(await own.text()).toContain('"traces"');

    // ...and gives bob the not-found answer, and an anonymous caller nothing.
    const bob = await playwright.request.newContext({ baseURL: origin });
    expect(await logIn(bob, DEMO_USERS.bob)).toBeNull();
    const anonymous = await playwright.request.newContext({ baseURL: origin });
    for (const [context, url] of [
      [bob, request.url()],
      [anonymous, `${origin}/`],
      [anonymous, request.url()],
    ] as const) {
      const response = await context.post(url, { headers, data: body, maxRedirects: 0 });
      const text = await response.text();
      expect(response.status()).toBeLessThan(500);
      expect(text).not.toContain('"traces"');
      expect(text).not.toContain(PRIVATE_NAME);
      if (context === bob) expect(text).toContain(NOT_FOUND);
    }

    // The page: bob gets the same page as for a missing id; an anonymous visitor sees no data.
    const bobPage = await bob.get(`/datasets/${ids.privateId}`);
    expect(bobPage.status()).toBe(404);
    const bobText = await bobPage.text();
    expect(bobText).toContain("Dataset not found");
    expect(bobText).not.toContain(PRIVATE_NAME);
    const missing = await bob.get(`/datasets/99999999`);
    expect(missing.status()).toBe(404);
    expect(await missing.text()).toContain("Dataset not found");
    const anonymousPage = await anonymous.get(`/datasets/${ids.privateId}`);
    expect(await anonymousPage.text()).not.toContain(PRIVATE_NAME);
    await bob.dispose();
    await anonymous.dispose();
  });

  test("a saved chart appears on My dashboard, can be renamed and deleted, and is private", async ({
    page,
    signIn,
    playwright,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto(`/datasets/${ids.privateId}?chart=bar&x=category&agg=mean&y=price`);
    await drawnTraces(page, "explorer-chart");
    const name = `Mean price by category ${Date.now()}`;
    await page.getByLabel("Chart name").fill(name);
    await page.getByRole("button", { name: "Save to My dashboard" }).click();
    await expect(page.getByTestId("save-status")).toContainText("Saved to My dashboard.");

    await page.goto("/dashboard");
    const card = page.getByTestId("saved-chart").filter({ hasText: name });
    await expect(card).toHaveCount(1);
    const chartId = await card.getAttribute("data-chart-id");
    const bars = (await drawnTraces(page, `saved-chart-plot-${chartId}`))[0]!;
    const means = db
      .prepare(`SELECT c4 AS k, AVG(c6) AS v FROM ds_${ids.privateId} GROUP BY c4 ORDER BY c4`)
      .all() as { k: string; v: number }[];
    expect(bars.x).toEqual(means.map((m) => m.k));
    (bars.y as number[]).forEach((v, i) => expect(v).toBeCloseTo(means[i]!.v, 6));

    // Another user does not see it.
    const bob = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
    expect(await logIn(bob, DEMO_USERS.bob)).toBeNull();
    expect(await (await bob.get("/dashboard")).text()).not.toContain(name);
    await bob.dispose();

    const saved = page.locator(`[data-chart-id="${chartId}"]`);
    await saved.getByRole("button", { name: "Rename" }).click();
    await saved.getByLabel("New name").fill(`${name} (renamed)`);
    await saved.getByRole("button", { name: "Save name" }).click();
    await expect(saved.getByTestId("saved-chart-name")).toHaveText(`${name} (renamed)`);
    const stored = db.prepare(`SELECT name FROM saved_charts WHERE id = ?`).get(Number(chartId)) as {
      name: string;
    };
    expect(stored.name).toBe(`${name} (renamed)`);
    await saved.getByRole("button", { name: "Delete" }).click();
    await expect(page.locator(`[data-chart-id="${chartId}"]`)).toHaveCount(0);
    expect(db.prepare(`SELECT id FROM saved_charts WHERE id = ?`).get(Number(chartId))).toBeUndefined();
  });
});
