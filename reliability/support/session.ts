import { request, type APIRequestContext } from "@playwright/test";
import { logIn, type Credentials } from "../../e2e/support/auth";

export { DEMO_USERS } from "../../e2e/support/auth";

/** A request context signed in as `user` (next-auth's credentials flow, as e2e does it). */
export async function signedIn(baseURL: string, user: Credentials): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL, maxRedirects: 0 });
  const error = await logIn(context, user);
  if (error) throw new Error(`login as ${user.username} failed: ${error}`);
  return context;
}

/** The session cookie of a signed-in context, as a Cookie header value. */
export async function sessionCookie(context: APIRequestContext): Promise<string> {
  const { cookies } = await context.storageState();
  const session = cookies.find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  if (!session) throw new Error("no session cookie");
  return `${session.name}=${session.value}`;
}
