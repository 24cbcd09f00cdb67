import { request as playwrightRequest, type Page } from "@playwright/test";
import { E2E_PORT } from "./support/config";
import { DEMO_USERS, expect, logIn, test } from "./support/auth";
import { isAction } from "./support/actions";

const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
// Every run starts from a fresh database, but CI retries a failed test in the same run.
const unique = (name: string) => `${name}-${Date.now().toString(36)}`;

/** A request context of its own (no cookies), seen by the server as coming from `address`. */
const client = (address: string) =>
  playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-forwarded-for": address } });

async function submitLogin(page: Page, username: string, password: string) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function addUser(page: Page, username: string, password: string, role: "admin" | "viewer") {
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Password").fill(password);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId(`user-row-${username}`)).toBeVisible();
}

test.describe("Login", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "10.10.0.1" } });

  test("an anonymous visit of a private page goes to /login and comes back after login", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fusers$/);
    await submitLogin(page, DEMO_USERS.alice.username, DEMO_USERS.alice.password);
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await expect(page.getByTestId("signed-in-user")).toHaveText("alice");
    await expect(page.getByRole("link", { name: "Users" })).toBeVisible();
  });

  test("a wrong password and an unknown user get the same message", async ({ page }) => {
    await page.goto("/login");
    await submitLogin(page, "alice", "not-her-password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Incorrect username or password.");
    await submitLogin(page, unique("nobody"), "not-her-password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Incorrect username or password.");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  });

  test("a callbackUrl to another site is refused: login lands on the Overview", async ({ page, signIn }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent("//evil.example/steal")}`);
    await submitLogin(page, DEMO_USERS.bob.username, DEMO_USERS.bob.password);
    await expect(page.getByTestId("signed-in-user")).toHaveText("bob");
    expect(new URL(page.url()).origin).toBe(BASE_URL);
    expect(new URL(page.url()).pathname).toBe("/");

    await signIn(DEMO_USERS.bob);
    for (const evil of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "/%5Cevil.example",
      "javascript:alert(1)",
    ]) {
      const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(evil)}`, {
        maxRedirects: 0,
      });
      expect(response.status(), evil).toBe(307);
      expect(new URL(response.headers().location!, BASE_URL).origin, evil).toBe(BASE_URL);
    }
  });

  test("failed logins are rate limited per username and per address, without revealing the user", async () => {
    const target = unique("mallory");
    const attacker = await client("10.20.0.1");
    for (let i = 0; i < 5; i++)
      expect(await logIn(attacker, { username: target, password: `guess-${i}` })).toBe(
        "Incorrect username or password.",
      );
    // Per username: blocked from any address, even with a different password.
    const elsewhere = await client("10.20.0.2");
    expect(await logIn(elsewhere, { username: target, password: "another-guess" })).toBe(
      "Too many failed attempts. Try again in 15 minutes.",
    );
    // Per address: the attacker's address is blocked even for a real user with the right password...
    expect(await logIn(attacker, DEMO_USERS.alice)).toBe(
      "Too many failed attempts. Try again in 15 minutes.",
    );
    // ...while that user can still log in from anywhere else.
    expect(await logIn(elsewhere, DEMO_USERS.alice)).toBeNull();
    await attacker.dispose();
    await elsewhere.dispose();
  });

  test("the rate limit message shows on the login page", async ({ browser }) => {
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "10.30.0.1" } });
    const page = await context.newPage();
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      await submitLogin(page, unique(`user${i}`), `wrong-${i}-x`);
      await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    }
    await submitLogin(page, "alice", DEMO_USERS.alice.password);
    await expect(page.locator("form").getByRole("alert")).toHaveText(
      "Too many failed attempts. Try again in 15 minutes.",
    );
    await context.close();
  });
});

test.describe("Sessions", () => {
  test("logout ends access, and the back button shows nothing private", async ({ page, signIn, browser }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/admin/users");
    await expect(page.getByTestId("user-row-bob")).toBeVisible();
    const cookies = await page.context().cookies();

    await page.getByLabel("Account menu for alice").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${BASE_URL}/`);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fusers$/);
    await expect(page.getByTestId("user-row-bob")).toHaveCount(0);

    // The old session cookie, replayed from elsewhere, is dead too: logout revoked it server-side.
    const stolen = await browser.newContext();
    await stolen.addCookies(cookies);
    const replay = await stolen.newPage();
    await replay.goto("/admin/users");
    await expect(replay).toHaveURL(/\/login\?callbackUrl=/);
    await stolen.close();
  });

  test("an admin adds a user who can then log in", async ({ page, signIn, browser }) => {
    const name = unique("carol");
    await signIn(DEMO_USERS.alice);
    await page.goto("/admin/users");
    await addUser(page, name, "carol-pass-1", "viewer");

    const context = await browser.newContext();
    const carol = await context.newPage();
    await carol.goto("/login");
    await submitLogin(carol, name, "carol-pass-1");
    await expect(carol.getByTestId("signed-in-user")).toHaveText(name);
    await expect(carol.getByRole("link", { name: "Users" })).toHaveCount(0);
    await context.close();
  });

  test("a disabled user is thrown out at the next request", async ({ page, signIn, browser }) => {
    const name = unique("dave");
    await signIn(DEMO_USERS.alice);
    await page.goto("/admin/users");
    await addUser(page, name, "dave-pass-1", "admin");

    const context = await browser.newContext();
    const dave = await context.newPage();
    expect(await logIn(dave.request, { username: name, password: "dave-pass-1" })).toBeNull();
    await dave.goto("/admin/users");
    await expect(dave.getByRole("heading", { name: "Users" })).toBeVisible();

    await page.getByTestId(`user-row-${name}`).getByRole("button", { name: "Disable" }).click();
    await expect(page.getByTestId(`user-row-${name}`)).toContainText("Disabled");

    await dave.reload();
    await expect(dave).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fusers$/);
    await expect(dave.getByTestId("signed-in-user")).toHaveCount(0);
    await context.close();
  });

  test("a viewer gets a 403 page on /admin/users", async ({ page, signIn }) => {
    await signIn(DEMO_USERS.bob);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByTestId("user-row-alice")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  });

  test("a hand-made POST to a protected server action without a session gets no data", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/admin/users");
    const captured = page.waitForRequest(isAction);
    await addUser(page, unique("erin"), "erin-pass-1", "viewer");
    const action = await captured;
    const actionId = action.headers()["next-action"]!;
    const intruder = unique("intruder");
    const body = action.postData()!.replace(/erin-[a-z0-9]+/, intruder);
    const headers = {
      "next-action": actionId,
      "content-type": action.headers()["content-type"] ?? "text/plain",
    };

    const replay = async (path: string, cookie?: string) => {
      const context = await client("10.40.0.1");
      const response = await context.post(path, {
        headers: cookie ? { ...headers, cookie } : headers,
        data: body,
        maxRedirects: 0,
      });
      const text = await response.text();
      await context.dispose();
      expect(text, path).not.toContain(intruder);
      expect(text, path).not.toContain("alice");
      return { status: response.status(), text };
    };

    // No session: the guard turns the page away, and an action id posted to a public page does
    // not reach the action.
    expect((await replay("/admin/users")).status).toBe(307);
    expect((await replay("/")).text).not.toContain('"ok":true');

    // A session the guard accepts but the database does not (logged out): the action itself refuses.
    const other = await client("10.40.0.2");
    expect(await logIn(other, DEMO_USERS.alice)).toBeNull();
    const token = (await other.storageState()).cookies.find((c) =>
      c.name.endsWith("next-auth.session-token"),
    )!;
    const { csrfToken } = (await (await other.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await other.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
    await other.dispose();
    const loggedOut = await replay("/admin/users", `${token.name}=${token.value}`);
    expect(loggedOut.text).toContain("You are not signed in, or your session has ended");

    // A viewer's session: the action checks the role too.
    const viewer = await client("10.40.0.3");
    expect(await logIn(viewer, DEMO_USERS.bob)).toBeNull();
    const bobToken = (await viewer.storageState()).cookies.find((c) =>
      c.name.endsWith("next-auth.session-token"),
    )!;
    await viewer.dispose();
    expect((await replay("/admin/users", `${bobToken.name}=${bobToken.value}`)).text).toContain(
      "You do not have permission",
    );

    await page.reload();
    await expect(page.getByTestId("user-row-alice")).toBeVisible();
    await expect(page.getByTestId(`user-row-${intruder}`)).toHaveCount(0);
  });
});

test.describe("Security headers", () => {
  test("every response carries them, and the Overview draws all five charts under the CSP", async ({
    page,
  }) => {
    for (const path of ["/", "/login", "/api/health", "/topojson/usa_110m.json", "/admin/users"]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("strict-origin");
      expect(headers["permissions-policy"], path).toContain("camera=()");
      expect(headers["strict-transport-security"], path).toContain("max-age=");
    }
    const html = await page.request.get("/");
    expect(html.headers()["content-security-policy"]).toMatch(
      /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/,
    );
    expect(await (await page.request.get("/api/health")).json()).toEqual({ status: "ok" });

    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/");
    for (const chart of [
      "chart-timeseries",
      "chart-category",
      "chart-products",
      "chart-channel",
      "chart-map",
    ])
      await expect(page.getByTestId(chart).locator(".main-svg").first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("chart-map").locator(".geolayer path").first()).toBeAttached();
    expect(violations).toEqual([]);
  });

  test("session cookies are httpOnly and SameSite=Lax, and nothing is kept in web storage", async ({
    page,
    signIn,
  }) => {
    await signIn(DEMO_USERS.alice);
    await page.goto("/admin/users");
    const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/session|token|secret|password/i);
  });
});
