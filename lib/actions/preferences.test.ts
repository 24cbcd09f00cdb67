import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useTempDatabase } from "../auth/test-db";
import { DEFAULT_PREFERENCES } from "../preferences/schema";

// The actions against a real temporary database; only the session is played, so the test can be
// "nobody" and then a given user, and check by SQL whose row was written.
const authorizeAction = vi.fn();
vi.mock("../auth/session", () => ({ authorizeAction }));

let actions: typeof import("./preferences");
let db: { file: string; cleanup: () => void };
let raw: Database.Database;
let alice: number;
let bob: number;

beforeAll(async () => {
  db = useTempDatabase("preference-actions");
  const users = await import("../auth/users");
  actions = await import("./preferences");
  alice = (await users.createUser({ username: "alice", password: "secret123", role: "admin" })).id;
  bob = (await users.createUser({ username: "bob", password: "pa$$w0rd", role: "viewer" })).id;
  raw = new Database(db.file, { readonly: true });
});
afterAll(() => {
  raw.close();
  db.cleanup();
});
beforeEach(() => authorizeAction.mockReset());

const signedInAs = (id: number) =>
  authorizeAction.mockResolvedValue({ ok: true, user: { id, username: "x", role: "viewer" } });
const rows = () =>
  raw.prepare("SELECT user_id, prefs FROM user_preferences ORDER BY user_id").all() as {
    user_id: number;
    prefs: string;
  }[];
const DARK = { ...DEFAULT_PREFERENCES, theme: "dark" as const };

describe("preference actions", () => {
  it("write nothing without a session", async () => {
    authorizeAction.mockResolvedValue({ ok: false, error: "You are not signed in." });
    expect(await actions.savePreferences(DARK)).toEqual({ ok: false, error: "You are not signed in." });
    expect(await actions.saveTheme({ theme: "dark" })).toEqual({
      ok: false,
      error: "You are not signed in.",
    });
    expect(await actions.resetPreferences()).toEqual({ ok: false, error: "You are not signed in." });
    expect(rows()).toEqual([]);
  });

  it("write only the signed-in user's row, and refuse a user id in the input", async () => {
    signedInAs(bob);
    const smuggled = await actions.savePreferences({ ...DARK, userId: alice });
    expect(smuggled.ok).toBe(false);
    expect(rows()).toEqual([]);
    expect(await actions.savePreferences(DARK)).toEqual({ ok: true, data: DARK });
    expect(rows().map((r) => r.user_id)).toEqual([bob]);
    expect(JSON.parse(rows()[0]!.prefs)).toEqual(DARK);
  });

  it("explain invalid input instead of throwing", async () => {
    signedInAs(alice);
    const result = await actions.savePreferences({ ...DARK, density: "tiny" });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error).toMatch(/^Invalid settings: density/);
    expect((await actions.saveTheme({ theme: "dark", density: "compact" })).ok).toBe(false);
    expect(rows().map((r) => r.user_id)).toEqual([bob]);
  });

  it("the theme switch changes the theme and keeps the other settings", async () => {
    signedInAs(bob);
    await actions.savePreferences({ ...DARK, density: "compact" });
    expect(await actions.saveTheme({ theme: "light" })).toEqual({
      ok: true,
      data: { ...DARK, density: "compact", theme: "light" },
    });
  });

  it("reset removes only the signed-in user's preferences", async () => {
    signedInAs(alice);
    await actions.savePreferences(DARK);
    expect(rows().map((r) => r.user_id)).toEqual([alice, bob].sort((a, b) => a - b));
    expect(await actions.resetPreferences()).toEqual({ ok: true, data: DEFAULT_PREFERENCES });
    expect(rows().map((r) => r.user_id)).toEqual([bob]);
  });
});
