// Where to send a user after login. Only a path on this site is accepted: anything a browser could
// read as another origin ("//evil.com", "/\\evil.com", "https://evil.com", "javascript:...") falls
// back to the default, so /login can never be used as an open redirect.

const MAX_LENGTH = 2048;

export function sanitizeCallbackUrl(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  // A single leading slash followed by something that is neither a slash nor a backslash (browsers
  // treat "\" like "/" in URLs), and no control characters or whitespace that browsers strip.
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\s\\]/.test(raw)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw, "http://chartroom.invalid");
  } catch {
    return fallback;
  }
  if (parsed.origin !== "http://chartroom.invalid") return fallback;
  // Never come back to the login page itself or into the auth API.
  if (parsed.pathname === "/login" || parsed.pathname.startsWith("/api/auth")) return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
