import "server-only";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { sanitizeCallbackUrl } from "./callback-url";
import { PATH_HEADER, readSessionClaims } from "./config";
import { hasRole, type Role } from "./roles";
import { checkSession, type SessionUser } from "./session-check";

export type { Role } from "./roles";
export type { SessionUser } from "./session-check";

/**
 * The signed-in user of this request, or null: a verified next-auth session token whose user still
 * exists, is enabled and has the token's session version (lib/auth/session-check.ts). Deduplicated
 * per request; the database answer is cached for 2 s across requests.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await readSessionClaims({ headers: await headers(), cookies: await cookies() });
  return claims ? checkSession(claims) : null;
});

/**
 * For pages: the signed-in user, or a redirect to /login (which brings the user back here), or the
 * 403 page (app/forbidden.tsx) when the user lacks `role`.
 */
export async function requireUser(role?: Role): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const here = sanitizeCallbackUrl((await headers()).get(PATH_HEADER), "/");
    redirect(`/login?callbackUrl=${encodeURIComponent(here)}`);
  }
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/**
 * For server actions and route handlers, which a client can call directly (an action is a POST to
 * any page, the request guard sees only the page): never redirects, returns a message to show.
 */
export async function authorizeAction(
  role?: Role,
): Promise<{ ok: true; user: SessionUser } | { ok: false; error: string }> {
  const user = await getSessionUser();
  if (!user) return { ok: false, error: "You are not signed in, or your session has ended. Sign in again." };
  if (!hasRole(user.role, role)) return { ok: false, error: "You do not have permission to do this." };
  return { ok: true, user };
}
