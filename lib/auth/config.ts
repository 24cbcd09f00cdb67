// Edge-safe auth settings shared by the request guard (proxy.ts) and the server: which paths are
// public, how a session cookie is read and verified. No database, no bcrypt: proxy.ts imports this
// file and must stay small and free of native modules (next-learn's auth.config.ts split).
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { env } from "../env";
import { DEVELOPMENT_SECRET } from "./secret";

/** Set by proxy.ts on every request it sees (overwritten, so a client cannot choose it). */
export const PATH_HEADER = "x-chartroom-path";

/**
 * The one list of what anonymous visitors may reach; everything else needs a session. Exact
 * paths, or prefixes ending in "/".
 */
export const PUBLIC_PATHS: readonly string[] = [
  "/", // the Overview (its action returns aggregates and the margin %, never cost or profit)
  "/login",
  "/icon.svg",
  "/favicon.ico",
  "/api/health",
  "/api/auth/",
  "/_next/",
  "/vendor/",
  "/topojson/",
  // Dataset explorer pages (/datasets/<id>): a public dataset is readable by anyone; the page itself
  // returns nothing for a private one (getReadableDataset). The list at exactly /datasets, the
  // upload and import routes (/api/datasets/...) and every write still need a session.
  "/datasets/",
];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((entry) =>
    entry.endsWith("/") && entry !== "/" ? pathname.startsWith(entry) : pathname === entry,
  );
}

/**
 * The key that signs and encrypts session tokens. Production refuses to start without a strong one
 * (instrumentation.ts); `next build` and development fall back to a fixed development value that
 * production rejects.
 */
export function authSecret(): string {
  if (env.authSecret) return env.authSecret.value;
  if (env.NODE_ENV === "production" && !env.isBuild)
    throw new Error("AUTH_SECRET is not set: the server cannot verify sessions.");
  return DEVELOPMENT_SECRET;
}

/** What a session token carries besides next-auth's own claims (see the jwt callback). */
export const sessionClaimsSchema = z.object({
  uid: z.number().int().positive(),
  sv: z.number().int(),
  sid: z.string().min(1).max(100),
  exp: z.number().int(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

// next-auth names its cookie "__Secure-next-auth.session-token" when it serves over https and
// "next-auth.session-token" otherwise; browsers only accept the __Secure- prefix over https.
const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";

interface CookieSource {
  getAll(): { name: string; value: string }[];
}

/**
 * The verified claims of the request's session cookie (signature, encryption and expiry checked),
 * or null. Says nothing about whether the user still exists: the server checks that against the
 * database (lib/auth/session.ts).
 */
export async function readSessionClaims(req: {
  headers: Headers;
  cookies: CookieSource;
}): Promise<SessionClaims | null> {
  const secureCookie = req.cookies.getAll().some((cookie) => cookie.name.startsWith(SECURE_SESSION_COOKIE));
  try {
    // getToken only reads headers and cookies; its type wants a whole NextRequest.
    const token = await getToken({
      req: req as unknown as Parameters<typeof getToken>[0]["req"],
      secret: authSecret(),
      secureCookie,
    });
    const parsed = sessionClaimsSchema.safeParse(token);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
