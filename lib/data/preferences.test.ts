import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../auth/test-db";
import { DEFAULT_PREFERENCES, type Preferences } from "../preferences/schema";

let prefs: typeof import("./preferences");
let db: { file: string; cleanup: () => void };
let raw: Database.Database;
let alice: number;
let bob: number;

beforeAll(async () => {
  db = useTempDatabase("preferences");
  const users = await import("../auth/users");
  prefs = await import("./preferences");
  alice = (await users.createUser({ username: "alice", password: "secret123", role: "admin" })).id;
  bob = (await users.createUser({ username: "bob", password: "pa$$w0rd", role: "viewer" })).id;
  raw = new Database(db.file);
  raw.pragma("foreign_keys = ON");
});
afterAll(() => {
  raw.close();
  db.cleanup();
});

const DARK: Preferences = {
  ...DEFAULT_PREFERENCES,
  theme: "dark",
  density: "compact",
  overview: { ...DEFAULT_PREFERENCES.overview, regions: ["West"], rangeDays: 30 },
};

const stored = (userId: number) =>
  raw.prepare("SELECT prefs FROM user_preferences WHERE user_id = ?").get(userId) as
    { prefs: string } | undefined;

describe("preferences in the database", () => {
  it("gives defaults to a user who never saved, without writing a row", async () => {
    expect(await prefs.getPreferences(alice)).toEqual(DEFAULT_PREFERENCES);
    expect(stored(alice)).toBeUndefined();
  });

  it("saves and loads one user's preferences, leaving other users alone", async () => {
    await prefs.savePreferences(alice, DARK);
    expect(JSON.parse(stored(alice)!.prefs)).toEqual(DARK);
    expect(await prefs.getPreferences(alice)).toEqual(DARK);
    expect(await prefs.getPreferences(bob)).toEqual(DEFAULT_PREFERENCES);
    expect(stored(bob)).toBeUndefined();
  });

  it("refuses an invalid document before it reaches the table", async () => {
    await expect(
      prefs.savePreferences(alice, { ...DARK, theme: "sepia" } as unknown as Preferences),
    ).rejects.toThrow();
    expect(JSON.parse(stored(alice)!.prefs)).toEqual(DARK);
  });

  it("changes only the theme and keeps the rest", async () => {
    await prefs.updatePreferences(alice, { theme: "light" });
    expect(JSON.parse(stored(alice)!.prefs)).toEqual({ ...DARK, theme: "light" });
  });

  it("reads a row damaged by hand as defaults for the damaged fields", async () => {
    raw
      .prepare("UPDATE user_preferences SET prefs = ? WHERE user_id = ?")
      .run('{"theme":"neon","density":"compact"}', alice);
    expect(await prefs.getPreferences(alice)).toEqual({ ...DEFAULT_PREFERENCES, density: "compact" });
  });

  it("resets to the defaults by removing the row", async () => {
    expect(await prefs.resetPreferences(alice)).toEqual(DEFAULT_PREFERENCES);
    expect(stored(alice)).toBeUndefined();
  });

  it("builds the Overview query of a user's default filters, empty for the global defaults", async () => {
    raw.exec(`INSERT INTO stores (id, name, city, region, lat, lon) VALUES (1, 'S', 'C', 'West', 40, -100);
      INSERT INTO products (id, name, category, unit_price) VALUES (1, 'P', 'Books', 5);
      INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost)
        VALUES ('2024-06-30', 1, 1, 'Online', 1, 5, 2);`);
    expect(await prefs.getDefaultOverviewQuery(bob)).toBe("");
    await prefs.savePreferences(bob, DARK);
    // 30 days ending 2024-06-30 start on 2024-06-01.
    expect(await prefs.getDefaultOverviewQuery(bob)).toBe("region=West&from=2024-06-01");
  });

  it("deletes a user's preferences with the user", async () => {
    await prefs.savePreferences(alice, DARK);
    raw.prepare("DELETE FROM users WHERE id = ?").run(alice);
    expect(stored(alice)).toBeUndefined();
  });
});
