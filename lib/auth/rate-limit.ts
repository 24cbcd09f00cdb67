import "server-only";
import { getDb, statement } from "../db";

// Failed logins per username and per client address: 5 in a sliding 15-minute window. The
// counters live in SQLite so a restart does not reset them. A blocked attempt is refused before
// the password is checked (no bcrypt work for an attacker) with the same message whether or not
// the username exists.
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_LOGIN_FAILURES = 5;

export function loginKeys(username: string, address: string | null): string[] {
  const keys = [`user:${username.trim().toLowerCase()}`];
  if (address) keys.push(`addr:${address}`);
  return keys;
}

/** Milliseconds until `keys` may try again, or 0 when none of them is blocked. */
export function loginRetryAfter(keys: readonly string[], now: number = Date.now()): number {
  let wait = 0;
  for (const key of keys) {
    const times = statement(
      "SELECT failed_at FROM login_failures WHERE key = ? AND failed_at > ? ORDER BY failed_at",
    )
      .pluck()
      .all(key, now - LOGIN_WINDOW_MS) as number[];
    if (times.length < MAX_LOGIN_FAILURES) continue;
    // The key is free again once it is back under the limit: when this failure leaves the window.
    const freedBy = times[times.length - MAX_LOGIN_FAILURES]!;
    wait = Math.max(wait, freedBy + LOGIN_WINDOW_MS - now);
  }
  return wait;
}

export function recordLoginFailure(keys: readonly string[], now: number = Date.now()): void {
  getDb().transaction(() => {
    statement("DELETE FROM login_failures WHERE failed_at <= ?").run(now - LOGIN_WINDOW_MS);
    for (const key of keys)
      statement("INSERT INTO login_failures (key, failed_at) VALUES (?, ?)").run(key, now);
  })();
}

/** A successful login forgives that username's failures (not the address's). */
export function clearLoginFailures(key: string): void {
  statement("DELETE FROM login_failures WHERE key = ?").run(key);
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
