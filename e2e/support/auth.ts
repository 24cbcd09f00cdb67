import { test as base, expect, type APIRequestContext } from "@playwright/test";

/** Created by e2e/support/serve.mjs the way `npm run demo` creates them. */
export const DEMO_USERS = {
  alice: { username: "alice", password: "secret123", role: "admin" },
  bob: { username: "bob", password: "pa$$w0rd", role: "viewer" },
} as const;

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Logs in through next-auth's credentials endpoint, as a script would: CSRF token first, then the
 * form POST. The session cookie lands in `request`'s cookie jar (page.request shares the page's).
 * Returns null on success, else the error next-auth reports.
 */
export async function logIn(
  request: APIRequestContext,
  { username, password }: Credentials,
): Promise<string | null> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { username, password, csrfToken, json: "true" },
  });
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get("error");
}

/** `signIn(user)`: the test's page is logged in as `user` (through the request context, not the form). */
export const test = base.extend<{ signIn: (user: Credentials) => Promise<void> }>({
  signIn: async ({ page }, provide) => {
    await provide(async (user) => {
      expect(await logIn(page.request, user)).toBeNull();
    });
  },
});

export { expect };
