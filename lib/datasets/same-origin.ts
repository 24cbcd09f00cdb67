import "server-only";

/**
 * Whether a POST to a route handler comes from this site's own pages. Session cookies are
 * SameSite=Lax, so browsers already leave them off cross-site POSTs; this is the second lock that
 * Next.js gives server actions (Origin against X-Forwarded-Host or Host), for the two handlers
 * that write. A request without Origin (curl, scripts) still needs its session cookie.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}
