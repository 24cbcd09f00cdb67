import type Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setUpTempDatabase } from "../datasets/explorer/test-fixtures";
import type { SessionUser } from "../auth/session";

// Access rules of the Explorer and saved-chart actions against a real temporary database. Only the
// session is played (no request here); datasets, charts and SQL are real.
const temp = setUpTempDatabase("explorer-actions");
let currentUser: SessionUser | null = null;
vi.mock("../auth/session", () => ({
  getSessionUser: async () => currentUser,
  authorizeAction: async () =>
    currentUser
      ? { ok: true, user: currentUser }
      : { ok: false, error: "You are not signed in, or your session has ended. Sign in again." },
}));

const { getDb } = await import("../db");
const { getExplorerChart } = await import("./explorer");
const { saveChart, renameSavedChart, deleteSavedChart } = await import("./saved-charts");
const { getSavedCharts } = await import("../data/saved-charts");
const { createFixtureDataset, salesRows, SALES_COLUMNS } = await import("../datasets/explorer/test-fixtures");

const NOT_FOUND = { ok: false, error: "This dataset does not exist or you cannot see it." };
const STATE = { chart: "bar", x: "region", y: "price", color: null, agg: "sum", frame: null, filters: [] };

let db: Database.Database;
let alice: SessionUser;
let bob: SessionUser;
let privateId: number;
let publicId: number;

function addUser(username: string): SessionUser {
  const now = new Date().toISOString();
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, 'x', 'viewer', ?, ?)`,
    )
    .run(username, now, now);
  return { id: Number(lastInsertRowid), username, role: "viewer" };
}

beforeAll(() => {
  db = getDb();
  alice = addUser("alice");
  bob = addUser("bob");
  privateId = createFixtureDataset(db, {
    ownerId: alice.id,
    name: "private",
    columns: SALES_COLUMNS,
    rows: salesRows(500),
  });
  publicId = createFixtureDataset(db, {
    ownerId: alice.id,
    visibility: "public",
    name: "public",
    columns: SALES_COLUMNS,
    rows: salesRows(500),
  });
});
beforeEach(() => {
  currentUser = null;
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

describe("getExplorerChart access", () => {
  it("the owner gets the figure of a private dataset, equal to SQL", async () => {
    currentUser = alice;
    const result = await getExplorerChart(privateId, STATE);
    if (!result.ok) throw new Error(result.error);
    const expected = db
      .prepare(`SELECT c3 AS k, SUM(c6) AS v FROM ds_${privateId} GROUP BY c3 ORDER BY c3`)
      .all() as { k: string; v: number }[];
    expect(result.data.traces[0]!.x).toEqual(expected.map((e) => e.k));
    result.data.traces[0]!.y!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!.v, 6));
  });

  it("another user and an anonymous caller get the same answer as for a missing id", async () => {
    currentUser = bob;
    expect(await getExplorerChart(privateId, STATE)).toEqual(NOT_FOUND);
    currentUser = null;
    expect(await getExplorerChart(privateId, STATE)).toEqual(NOT_FOUND);
    expect(await getExplorerChart(999_999, STATE)).toEqual(NOT_FOUND);
    expect(await getExplorerChart("1 OR 1=1", STATE)).toEqual(NOT_FOUND);
  });

  it("a public dataset is readable by anyone, anonymous included", async () => {
    currentUser = null;
    expect((await getExplorerChart(publicId, STATE)).ok).toBe(true);
    currentUser = bob;
    expect((await getExplorerChart(publicId, STATE)).ok).toBe(true);
  });

  it("an unknown column or a bad state gets a clear message, not an exception", async () => {
    currentUser = alice;
    expect(await getExplorerChart(publicId, { ...STATE, y: "profit" })).toEqual({
      ok: false,
      error: expect.stringMatching(/^Unknown column “profit” for y\. Columns: day, time/),
    });
    expect(await getExplorerChart(publicId, { ...STATE, chart: "pie" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid chart: chart:/),
    });
    expect(await getExplorerChart(publicId, "not a state")).toMatchObject({ ok: false });
  });
});

describe("saved charts", () => {
  it("needs a session and a readable dataset", async () => {
    expect(await saveChart({ datasetId: privateId, name: "x", state: STATE })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not signed in/),
    });
    currentUser = bob;
    expect(await saveChart({ datasetId: privateId, name: "x", state: STATE })).toEqual(NOT_FOUND);
    expect(
      await saveChart({ datasetId: publicId, name: "x", state: { ...STATE, x: "ghost" } }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Unknown column “ghost”/),
    });
  });

  it("a user sees, renames and deletes only their own charts", async () => {
    currentUser = alice;
    const saved = await saveChart({ datasetId: privateId, name: "Revenue by region", state: STATE });
    if (!saved.ok) throw new Error(saved.error);
    const row = db
      .prepare(`SELECT user_id, dataset_id, name, state FROM saved_charts WHERE id = ?`)
      .get(saved.data.id);
    expect(row).toEqual({
      user_id: alice.id,
      dataset_id: privateId,
      name: "Revenue by region",
      state: JSON.stringify(STATE),
    });

    currentUser = bob;
    expect(await getSavedCharts(bob.id)).toEqual([]);
    expect(await renameSavedChart({ id: saved.data.id, name: "mine now" })).toEqual({
      ok: false,
      error: "This saved chart does not exist.",
    });
    expect(await deleteSavedChart({ id: saved.data.id })).toMatchObject({ ok: false });

    currentUser = alice;
    expect(await renameSavedChart({ id: saved.data.id, name: "  Sales by region " })).toEqual({
      ok: true,
      data: null,
    });
    expect((await getSavedCharts(alice.id)).map((c) => c.name)).toEqual(["Sales by region"]);
    expect(await renameSavedChart({ id: saved.data.id, name: "" })).toMatchObject({ ok: false });
    expect(await deleteSavedChart({ id: saved.data.id })).toEqual({ ok: true, data: null });
    expect(await getSavedCharts(alice.id)).toEqual([]);
  });

  it("a chart goes with its dataset", async () => {
    currentUser = alice;
    const extra = createFixtureDataset(db, {
      ownerId: alice.id,
      name: "temp",
      columns: SALES_COLUMNS,
      rows: salesRows(10),
    });
    const saved = await saveChart({ datasetId: extra, name: "temp chart", state: STATE });
    expect(saved.ok).toBe(true);
    db.prepare(`DELETE FROM datasets WHERE id = ?`).run(extra);
    expect(await getSavedCharts(alice.id)).toEqual([]);
  });
});
