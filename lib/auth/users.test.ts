import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionClaims } from "./config";
import { useTempDatabase } from "./test-db";

let users: typeof import("./users");
let checkSession: typeof import("./session-check").checkSession;
let login: typeof import("./login");
let db: { file: string; cleanup: () => void };
let raw: Database.Database;

beforeAll(async () => {
  db = useTempDatabase("users");
  users = await import("./users");
  ({ checkSession } = await import("./session-check"));
  login = await import("./login");
  raw = new Database(db.file);
});
afterAll(() => {
  raw.close();
  db.cleanup();
});

const HOUR_AHEAD = () => Math.floor(Date.now() / 1000) + 3600;

function claimsOf(username: string, sid = "session-1"): SessionClaims {
  const row = raw.prepare("SELECT id, session_version FROM users WHERE username = ?").get(username) as {
    id: number;
    session_version: number;
  };
  return { uid: row.id, sv: row.session_version, sid, exp: HOUR_AHEAD() };
}

describe("users and sessions", () => {
  it("creates users with a bcrypt hash, never the password", async () => {
    await users.createUser({ username: "alice", password: "secret123", role: "admin" });
    await users.createUser({ username: "bob", password: "pa$$w0rd", role: "viewer" });
    const row = raw
      .prepare("SELECT password_hash, role, disabled FROM users WHERE username = 'bob'")
      .get() as {
      password_hash: string;
      role: string;
      disabled: number;
    };
    expect(row.password_hash).toMatch(/^\$2[aby]\$04\$/);
    expect(row).toMatchObject({ role: "viewer", disabled: 0 });
    await expect(
      users.createUser({ username: "BOB", password: "whatever1", role: "viewer" }),
    ).rejects.toThrow(/taken/);
  });

  it("logs in with the right password; unknown user and wrong password get the same message", async () => {
    await expect(
      login.verifyLogin({ username: "alice", password: "secret123" }, "10.1.0.1"),
    ).resolves.toMatchObject({
      username: "alice",
      role: "admin",
    });
    const wrong = login.verifyLogin({ username: "alice", password: "nope-nope" }, "10.1.0.2");
    const unknown = login.verifyLogin({ username: "mallory", password: "nope-nope" }, "10.1.0.3");
    await expect(wrong).rejects.toThrow("Incorrect username or password.");
    await expect(unknown).rejects.toThrow("Incorrect username or password.");
  });

  it("accepts a session whose version matches, and answers from the cache", () => {
    const claims = claimsOf("bob");
    expect(checkSession(claims)).toEqual({ id: claims.uid, username: "bob", role: "viewer" });
    // A write behind the store's back (no invalidation) is not seen within the 2 s cache...
    raw.prepare("UPDATE users SET disabled = 1 WHERE username = 'bob'").run();
    expect(checkSession(claims)).not.toBeNull();
    // ...and is seen once the entry expires.
    expect(checkSession(claims, Date.now() + 2_001)).toBeNull();
    raw.prepare("UPDATE users SET disabled = 0 WHERE username = 'bob'").run();
  });

  it("ends sessions at the next check when the password or role changes or the user is disabled", async () => {
    const bob = claimsOf("bob");
    expect(checkSession(bob, Date.now() + 5_000)).not.toBeNull();

    await users.setUserPassword(bob.uid, "n3w-password");
    expect(checkSession(bob)).toBeNull();

    const afterPassword = claimsOf("bob");
    expect(checkSession(afterPassword)).not.toBeNull();
    users.setUserRole(afterPassword.uid, "admin");
    expect(checkSession(afterPassword)).toBeNull();

    const afterRole = claimsOf("bob");
    expect(checkSession(afterRole)).toMatchObject({ role: "admin" });
    users.setUserDisabled(afterRole.uid, true);
    expect(checkSession(claimsOf("bob"))).toBeNull();
    await expect(login.verifyLogin({ username: "bob", password: "n3w-password" }, null)).rejects.toThrow(
      "Incorrect username or password.",
    );
    users.setUserDisabled(afterRole.uid, false);
    users.setUserRole(afterRole.uid, "viewer");
  });

  it("ends a logged-out session only, and expired sessions", () => {
    const one = claimsOf("alice", "laptop");
    const two = claimsOf("alice", "phone");
    expect(checkSession(one)).not.toBeNull();
    users.revokeSession("laptop", one.exp);
    expect(checkSession(one)).toBeNull();
    expect(checkSession(two)).not.toBeNull();
    expect(checkSession({ ...two, exp: Math.floor(Date.now() / 1000) - 1 })).toBeNull();
  });

  it("never leaves no enabled admin", async () => {
    const alice = claimsOf("alice").uid;
    expect(() => users.setUserRole(alice, "viewer")).toThrow(/last enabled admin/);
    expect(() => users.setUserDisabled(alice, true)).toThrow(/last enabled admin/);
    expect(() => users.deleteUser(alice)).toThrow(/last enabled admin/);

    const carol = await users.createUser({ username: "carol", password: "carol-pass", role: "admin" });
    users.setUserDisabled(carol.id, true);
    // A disabled admin does not count.
    expect(() => users.deleteUser(alice)).toThrow(/last enabled admin/);
    users.setUserDisabled(carol.id, false);
    users.setUserRole(alice, "viewer");
    expect(raw.prepare("SELECT role FROM users WHERE id = ?").pluck().get(alice)).toBe("viewer");
    expect(() => users.deleteUser(carol.id)).toThrow(/last enabled admin/);
    users.deleteUser(alice);
    expect(raw.prepare("SELECT count(*) FROM users WHERE id = ?").pluck().get(alice)).toBe(0);
  });

  it("throttles failed logins with a message that does not say whether the user exists", async () => {
    for (let i = 0; i < 5; i++)
      await expect(
        login.verifyLogin({ username: "ghost", password: "wrong-pass" }, `10.2.0.${i}`),
      ).rejects.toThrow("Incorrect username or password.");
    await expect(
      login.verifyLogin({ username: "ghost", password: "wrong-pass" }, "10.2.1.1"),
    ).rejects.toThrow(/^Too many failed attempts\. Try again in 15 minutes\.$/);
  });

  it("takes the client address from the nearest proxy's X-Forwarded-For entry", () => {
    expect(login.clientAddress("203.0.113.9, 10.0.0.7")).toBe("10.0.0.7");
    expect(login.clientAddress("127.0.0.1")).toBe("127.0.0.1");
    expect(login.clientAddress(undefined)).toBeNull();
  });
});
