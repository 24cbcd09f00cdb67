import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { DEMO_USERS, expect, logIn, test } from "./support/auth";
import { E2E_DB } from "./support/config";
import { isAction } from "./support/actions";

// "Your data": upload through the page, type review, import, bad files and access rules. What the
// server stored is checked with plain SQL on the e2e database, never through the app's code.

function sql<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(E2E_DB, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

function datasetByName(name: string) {
  return sql<{ id: number; owner: string | null; visibility: string; status: string; row_count: number }>(
    `SELECT d.id, u.username AS owner, d.visibility, d.status, d.row_count
     FROM datasets d LEFT JOIN users u ON u.id = d.owner_id WHERE d.name = ?`,
    name,
  );
}

function catalogueSnapshot() {
  return {
    tables: sql<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds\\_%' ESCAPE '\\' ORDER BY name",
    ).map((row) => row.name),
    datasets: sql<{ id: number; status: string }>("SELECT id, status FROM datasets ORDER BY id"),
  };
}

async function chooseFile(page: Page, name: string, content: string | Buffer) {
  await page.getByTestId("dataset-file").setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: typeof content === "string" ? Buffer.from(content) : content,
  });
}

const GOOD_CSV = [
  "code,City name,amount,day,ok",
  "007,Seattle,12.5,2024-01-31,true",
  '010,"Austin, TX",3,2024-02-29,false',
  "042,Zürich,,2024-03-01,yes",
  "",
].join("\n");

async function importGood(page: Page, name: string): Promise<number> {
  await page.goto("/datasets");
  await chooseFile(page, "sales.csv", GOOD_CSV);
  await expect(page.getByTestId("dataset-summary")).toContainText("3 rows, 5 columns");
  await page.getByTestId("dataset-name").fill(name);
  await page.getByLabel("Type of code").selectOption("text");
  await page.getByTestId("dataset-import").click();
  await expect(page.getByTestId("dataset-imported")).toContainText(name);
  const [row] = datasetByName(name);
  expect(row).toBeDefined();
  return row!.id;
}

test.describe("Your data", () => {
  test("uploads a CSV through the page, corrects a type, imports it and lists it", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/datasets");
    await chooseFile(page, "sales.csv", GOOD_CSV);
    await expect(page.getByTestId("dataset-summary")).toContainText("3 rows, 5 columns");
    // Inferred from the values; the leading zeros of "code" are lost as integers, so correct it.
    await expect(page.getByLabel("Type of code")).toHaveValue("integer");
    await expect(page.getByLabel("Type of City name")).toHaveValue("text");
    await expect(page.getByLabel("Type of amount")).toHaveValue("number");
    await expect(page.getByLabel("Type of day")).toHaveValue("date");
    await expect(page.getByLabel("Type of ok")).toHaveValue("boolean");
    await expect(page.getByTestId("dataset-preview").locator("tbody tr")).toHaveCount(3);
    await page.getByLabel("Type of code").selectOption("text");
    await page.screenshot({ path: "test-results/datasets-review.png", fullPage: true });
    await page.getByTestId("dataset-name").fill("Bob sales");
    await page.getByTestId("dataset-import").click();
    await expect(page.getByTestId("dataset-imported")).toContainText("Bob sales");
    await expect(page.getByTestId("dataset-imported")).toContainText("3 rows");

    const [dataset] = datasetByName("Bob sales");
    expect(dataset).toMatchObject({ owner: "bob", visibility: "private", status: "ready", row_count: 3 });
    const row = page.getByTestId("own-datasets").locator(`tr[data-dataset-id="${dataset!.id}"]`);
    await expect(row).toContainText("Bob sales");
    await expect(row.getByTestId("dataset-visibility")).toHaveText("Private");
    await page.screenshot({ path: "test-results/datasets.png", fullPage: true });

    expect(sql(`SELECT _row, c0, c1, c2, c3, c4 FROM ds_${dataset!.id} ORDER BY _row`)).toEqual([
      { _row: 1, c0: "007", c1: "Seattle", c2: 12.5, c3: "2024-01-31", c4: 1 },
      { _row: 2, c0: "010", c1: "Austin, TX", c2: 3, c3: "2024-02-29", c4: 0 },
      { _row: 3, c0: "042", c1: "Zürich", c2: null, c3: "2024-03-01", c4: 1 },
    ]);
    expect(
      sql("SELECT name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position", dataset!.id),
    ).toEqual([
      { name: "code", type: "text" },
      { name: "City name", type: "text" },
      { name: "amount", type: "number" },
      { name: "day", type: "date" },
      { name: "ok", type: "boolean" },
    ]);
  });

  test("each kind of bad file shows its error and leaves nothing behind", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    await page.goto("/datasets");
    const before = catalogueSnapshot();
    const bad: { kind: string; content: string | Buffer; message: RegExp }[] = [
      { kind: "empty", content: "", message: /The file is empty/ },
      {
        kind: "ragged",
        content: "a,b,c\n1,2,3\n4,5\n",
        message: /Line 3, column 3 \("c"\): the value is missing/,
      },
      {
        kind: "not UTF-8",
        content: Buffer.concat([
          Buffer.from("name,city\nBob,"),
          Buffer.from([0x4d, 0xfc, 0x6e]),
          Buffer.from("\n"),
        ]),
        message: /Line 2, column 2 \("city"\): the file is not UTF-8/,
      },
      {
        kind: "duplicate header",
        content: "a,b,a\n1,2,3\n",
        message: /Line 1, column 3: the header "a" repeats column 1/,
      },
      { kind: "empty header", content: "a,,c\n1,2,3\n", message: /Line 1, column 2: the header is empty/ },
    ];
    for (const { kind, content, message } of bad) {
      await chooseFile(page, `${kind}.csv`, content);
      await expect(page.getByTestId("dataset-error"), kind).toHaveText(message);
    }

    // A value that does not fit a corrected type fails at import, naming line and column.
    await chooseFile(page, "typed.csv", "id,price\n1,2.5\n2,n/a\n");
    await expect(page.getByLabel("Type of price")).toHaveValue("text");
    await page.getByLabel("Type of price").selectOption("number");
    await page.getByTestId("dataset-name").fill("Never imported");
    await page.getByTestId("dataset-import").click();
    await expect(page.getByTestId("dataset-error")).toHaveText(
      /Line 3, column 2 \("price"\): "n\/a" is not a number/,
    );
    expect(datasetByName("Never imported")).toEqual([]);
    expect(catalogueSnapshot()).toEqual(before);

    // The upload is kept: switching the type back imports it.
    await page.getByLabel("Type of price").selectOption("text");
    await page.getByTestId("dataset-import").click();
    await expect(page.getByTestId("dataset-imported")).toContainText("Never imported");
    expect(datasetByName("Never imported")).toHaveLength(1);
  });

  test("a file over the size limit is cut off while streaming and leaves no file", async ({
    page,
    signIn,
    baseURL,
  }) => {
    await signIn(DEMO_USERS.bob);
    const before = catalogueSnapshot();
    const uploads = path.join(path.dirname(E2E_DB), "uploads");
    const filesBefore = fs.existsSync(uploads) ? fs.readdirSync(uploads).sort() : [];
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    // Chunked, with no Content-Length to check up front: only the streaming count can stop it.
    // 101 MB against the default limit of 100 MB.
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        `${baseURL}/api/datasets/upload`,
        { method: "POST", headers: { cookie, "content-type": "text/csv", "transfer-encoding": "chunked" } },
        (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on("error", reject);
      const chunk = Buffer.alloc(2 ** 20, "a\n");
      let sent = 0;
      const pump = () => {
        while (sent < 101 && request.write(chunk)) sent++;
        if (sent < 101) request.once("drain", pump);
        else request.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({
      ok: false,
      error: "The file is larger than the limit of 100 MB.",
    });
    expect(catalogueSnapshot()).toEqual(before);
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads).sort() : []).toEqual(filesBefore);
  });

  test("another user and an anonymous visitor get nothing from a private dataset", async ({
    page,
    signIn,
    playwright,
    baseURL,
  }) => {
    await signIn(DEMO_USERS.bob);
    const id = await importGood(page, "Bob private");

    // An analysed upload of bob's, to try importing as someone else.
    const uploadResponse = page.waitForResponse((r) => r.url().endsWith("/api/datasets/upload"));
    await chooseFile(page, "pending2.csv", "x\n2\n");
    const { data } = (await (await uploadResponse).json()) as { data: { uploadId: string } };

    // Capture the "share" server action as bob sends it, then replay it as others.
    const row = page.getByTestId("own-datasets").locator(`tr[data-dataset-id="${id}"]`);
    const captured = page.waitForRequest(isAction);
    await row.getByRole("button", { name: "Share publicly" }).click();
    const action = await captured;
    await expect(row.getByTestId("dataset-visibility")).toHaveText("Public");
    await row.getByRole("button", { name: "Make private" }).click();
    await expect(row.getByTestId("dataset-visibility")).toHaveText("Private");
    const headers = { ...action.headers() };
    delete headers.cookie;

    const alice = await playwright.request.newContext({ baseURL });
    expect(await logIn(alice, DEMO_USERS.alice)).toBeNull();
    const anonymous = await playwright.request.newContext({ baseURL });
    for (const [who, context] of [
      ["alice", alice],
      ["anonymous", anonymous],
    ] as const) {
      const list = await context.get("/datasets", { maxRedirects: 0 });
      if (who === "anonymous") expect(list.status()).toBe(307);
      expect(await list.text()).not.toContain("Bob private");
      const publicList = await context.get("/datasets/public");
      expect(publicList.status()).toBe(200);
      expect(await publicList.text()).not.toContain("Bob private");
      const explorer = await context.get(`/datasets/${id}`);
      expect(explorer.status()).toBeLessThan(500);
      expect(await explorer.text()).not.toContain("Bob private");
      for (const url of [action.url(), `${baseURL}/`]) {
        const replay = await context.post(url, { headers, data: action.postData() ?? "", maxRedirects: 0 });
        expect(replay.status(), `${who} replay to ${url}`).toBeLessThan(500);
      }
      const importing = await context.post("/api/datasets/import", {
        data: { uploadId: data.uploadId, name: "stolen", types: ["integer"] },
      });
      expect([401, 404]).toContain(importing.status());
      const upload = await context.post("/api/datasets/upload", {
        headers: { "Content-Type": "text/csv" },
        data: "a\n1\n",
      });
      expect(upload.status(), `${who} upload`).toBe(who === "anonymous" ? 401 : 200);
    }
    // Bob's own session from another site's page: refused before anything is read.
    const crossSite = await page.request.post("/api/datasets/import", {
      headers: { origin: "https://evil.example" },
      data: { uploadId: data.uploadId, name: "stolen", types: ["integer"] },
    });
    expect(crossSite.status()).toBe(403);
    expect(datasetByName("Bob private")).toMatchObject([{ owner: "bob", visibility: "private" }]);
    expect(datasetByName("stolen")).toEqual([]);
    await alice.dispose();
    await anonymous.dispose();
  });

  test("sharing lists a dataset for other users, making it private hides it again", async ({
    page,
    signIn,
    browser,
  }) => {
    await signIn(DEMO_USERS.bob);
    const id = await importGood(page, "Bob shared");
    const row = page.getByTestId("own-datasets").locator(`tr[data-dataset-id="${id}"]`);
    await row.getByRole("button", { name: "Share publicly" }).click();
    await expect(row.getByTestId("dataset-visibility")).toHaveText("Public");
    expect(datasetByName("Bob shared")).toMatchObject([{ visibility: "public" }]);

    const context = await browser.newContext();
    const alicePage = await context.newPage();
    expect(await logIn(alicePage.request, DEMO_USERS.alice)).toBeNull();
    await alicePage.goto("/datasets");
    const publicList = alicePage.getByTestId("public-datasets");
    await expect(publicList.locator(`tr[data-dataset-id="${id}"]`)).toContainText("bob");
    // The built-in examples are there for everyone.
    await expect(publicList).toContainText("Seattle weather");
    await expect(publicList).toContainText("Gapminder");
    await expect(alicePage.getByTestId("own-datasets-empty")).toBeVisible();

    // Anonymous visitors see it too, read-only, on the public list.
    const anonymousContext = await browser.newContext();
    const anonymousPage = await anonymousContext.newPage();
    await anonymousPage.goto("/datasets/public");
    await expect(
      anonymousPage.getByTestId("public-datasets").locator(`tr[data-dataset-id="${id}"]`),
    ).toContainText("Bob shared");
    await expect(anonymousPage.getByRole("button", { name: /Share|Delete|Rename|Make private/ })).toHaveCount(
      0,
    );

    await row.getByRole("button", { name: "Make private" }).click();
    await expect(row.getByTestId("dataset-visibility")).toHaveText("Private");
    await anonymousPage.reload();
    await expect(anonymousPage.getByTestId("public-datasets")).toContainText("Seattle weather");
    await expect(
      anonymousPage.getByTestId("public-datasets").locator(`tr[data-dataset-id="${id}"]`),
    ).toHaveCount(0);
    await anonymousContext.close();
    await alicePage.reload();
    await expect(alicePage.getByTestId("public-datasets").locator(`tr[data-dataset-id="${id}"]`)).toHaveCount(
      0,
    );
    await context.close();
  });

  test("the owner renames and deletes a dataset; delete drops its table", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    const id = await importGood(page, "Bob temporary");
    const row = page.getByTestId("own-datasets").locator(`tr[data-dataset-id="${id}"]`);
    await row.getByRole("button", { name: "Rename" }).click();
    await row.getByLabel("New name").fill("  Bob   renamed ");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByRole("link", { name: "Bob renamed" })).toBeVisible();
    expect(datasetByName("Bob renamed")).toHaveLength(1);
    await row.getByRole("button", { name: "Delete" }).click();
    await row.getByRole("button", { name: "Delete for good" }).click();
    await expect(row).toHaveCount(0);
    expect(sql("SELECT id FROM datasets WHERE id = ?", id)).toEqual([]);
    expect(sql("SELECT name FROM sqlite_master WHERE name = ?", `ds_${id}`)).toEqual([]);
  });
});
