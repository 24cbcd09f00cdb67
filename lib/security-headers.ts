// Response security headers. Edge-safe and pure: proxy.ts builds the per-request CSP from it and
// next.config.ts applies the static headers to every response.

/**
 * The Content-Security-Policy of a page, with a fresh nonce per request. Each exception to
 * "self only" is there for a reason:
 * - script-src 'nonce-…': Next.js's inline bootstrap and flight-data scripts and the root layout's
 *   theme boot script (it must run before paint to avoid a flash of the wrong theme). Next.js adds
 *   the nonce to its own scripts when it finds it in this header on the request. plotly.js is a
 *   same-origin file (public/vendor), covered by 'self'.
 * - script-src 'unsafe-eval' in development only: React's dev build rebuilds stacks with eval.
 * - style-src 'unsafe-inline': plotly.js injects <style> rules and style attributes while drawing,
 *   and the layout's theme <style>; nonces cannot cover style attributes.
 * - img-src data: blob:: plotly.js draws its mode-bar icons and exported images from data/blob URLs.
 * - connect-src 'self': server actions and the map outline (/topojson), nothing cross-origin.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For responses that are never documents (static files): nothing may run or embed them. */
export const STATIC_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers for every response. Referrer-Policy is "strict-origin", stricter than the usual
 * strict-origin-when-cross-origin: every server action POST carries a Referer, and with the
 * Overview's filters in the query string a full URL would double the < 1 KB request; no code here
 * needs more than the origin.
 */
export function staticSecurityHeaders(production: boolean): { key: string; value: string }[] {
  const headers = [
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  // Browsers ignore HSTS on plain-http responses, so localhost demo and e2e runs are unaffected.
  if (production)
    headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  return headers;
}
