import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../auth/test-db";

let temp: { file: string; cleanup: () => void };
let getHealth: typeof import("./health").getHealth;
let getDb: typeof import("../db").getDb;

beforeAll(async () => {
  temp = useTempDatabase("health");
  ({ getHealth } = await import("./health"));
  ({ getDb } = await import("../db"));
});

afterAll(() => {
  getDb().close();
  temp.cleanup();
});

// A second connection plays the operator (or an older build) changing the file under the server.
function withOtherConnection(change: (db: Database.Database) => void): void {
  const db = new Database(temp.file);
  change(db);
  db.close();
}

describe("getHealth", () => {
  it("is healthy when the database answers and every migration is applied", async () => {
    expect(await getHealth()).toBe(true);
  });

  it("is unhealthy when a migration this build needs is not recorded as applied", async () => {
    let removed: unknown[] = [];
    withOtherConnection((db) => {
      removed = db.prepare("SELECT * FROM schema_migrations ORDER BY id DESC LIMIT 1").all();
      db.prepare("DELETE FROM schema_migrations WHERE id = (SELECT MAX(id) FROM schema_migrations)").run();
    });
    expect(await getHealth()).toBe(false);
    withOtherConnection((db) => {
      const row = removed[0] as { id: number; name: string; applied_at: string };
      db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)").run(
        row.id,
        row.name,
        row.applied_at,
      );
    });
    expect(await getHealth()).toBe(true);
  });

  it("is unhealthy, without throwing, when the database cannot be queried", async () => {
    getDb().close();
    expect(await getHealth()).toBe(false);
  });
});
