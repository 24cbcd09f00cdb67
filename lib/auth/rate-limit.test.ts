import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "./test-db";

let limiter: typeof import("./rate-limit");
let db: { file: string; cleanup: () => void };

beforeAll(async () => {
  db = useTempDatabase("rate-limit");
  limiter = await import("./rate-limit");
});
afterAll(() => db.cleanup());

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

describe("login rate limiter", () => {
  it("blocks a username after 5 failures in 15 minutes, for every address", () => {
    const keys = limiter.loginKeys("Carol", "10.0.0.1");
    for (let i = 0; i < 4; i++) limiter.recordLoginFailure(keys, T0 + i * MINUTE);
    expect(limiter.loginRetryAfter(keys, T0 + 4 * MINUTE)).toBe(0);
    limiter.recordLoginFailure(keys, T0 + 4 * MINUTE);
    // Free again when the first failure (T0) leaves the window: at T0 + 15 min.
    expect(limiter.loginRetryAfter(keys, T0 + 5 * MINUTE)).toBe(10 * MINUTE);
    expect(limiter.loginRetryAfter(limiter.loginKeys("carol", "10.9.9.9"), T0 + 5 * MINUTE)).toBe(
      10 * MINUTE,
    );
    expect(limiter.loginRetryAfter(keys, T0 + 15 * MINUTE + 1)).toBe(0);
  });

  it("blocks an address after 5 failures, whatever the usernames", () => {
    for (let i = 0; i < 5; i++) limiter.recordLoginFailure(limiter.loginKeys(`user${i}`, "10.0.0.2"), T0);
    expect(limiter.loginRetryAfter(limiter.loginKeys("someone-else", "10.0.0.2"), T0 + MINUTE)).toBe(
      14 * MINUTE,
    );
    expect(limiter.loginRetryAfter(limiter.loginKeys("someone-else", "10.0.0.3"), T0 + MINUTE)).toBe(0);
  });

  it("keeps its counters in the database file", () => {
    const raw = new Database(db.file, { readonly: true });
    const count = raw
      .prepare("SELECT count(*) FROM login_failures WHERE key = 'addr:10.0.0.2'")
      .pluck()
      .get();
    raw.close();
    expect(count).toBe(5);
  });

  it("forgives a username's failures after a success, not the address's", () => {
    const keys = limiter.loginKeys("dave", "10.0.0.4");
    for (let i = 0; i < 5; i++) limiter.recordLoginFailure(keys, T0);
    limiter.clearLoginFailures(keys[0]!);
    expect(limiter.loginRetryAfter(limiter.loginKeys("dave", null), T0 + MINUTE)).toBe(0);
    expect(limiter.loginRetryAfter(keys, T0 + MINUTE)).toBe(14 * MINUTE);
  });

  it("words the wait in whole minutes, rounded up", () => {
    expect(limiter.tooManyAttemptsMessage(14 * MINUTE + 1)).toBe(
      "Too many failed attempts. Try again in 15 minutes.",
    );
    expect(limiter.tooManyAttemptsMessage(1_000)).toBe("Too many failed attempts. Try again in 1 minute.");
  });
});
