import { beforeEach, describe, expect, it, vi } from "vitest";

// The action's own authorization, independent of the request guard: the session module is
// replaced so the test can play "no session" and "signed in"; the data layer is observed so the
// test can prove nothing was read for an anonymous caller.
const authorizeAction = vi.fn();
const getDashboardData = vi.fn();
vi.mock("../auth/session", () => ({ authorizeAction }));
vi.mock("../data/dashboard", () => ({ getDashboardData }));

const { getDashboard } = await import("./dashboard");

// As the browser sends it (lib/overview/filters-wire.ts): every region, category and channel.
const FILTERS = [0, 0, 0, "2025-01-01", "2025-12-31", "week"];

beforeEach(() => {
  authorizeAction.mockReset();
  getDashboardData.mockReset();
});

describe("getDashboard", () => {
  it("returns an error and reads no data without a session", async () => {
    authorizeAction.mockResolvedValue({ ok: false, error: "You are not signed in." });
    const result = await getDashboard(FILTERS);
    expect(result).toEqual({ ok: false, error: "You are not signed in." });
    expect(getDashboardData).not.toHaveBeenCalled();
  });

  it("rejects invalid filters with a typed error for a signed-in user", async () => {
    authorizeAction.mockResolvedValue({ ok: true, user: { id: 1, username: "bob", role: "viewer" } });
    const result = await getDashboard([0, 0, 0, "2025-02-30", "2025-12-31", "week"]);
    expect(result.ok).toBe(false);
    expect(getDashboardData).not.toHaveBeenCalled();
  });

  it("answers a signed-in user's valid filters", async () => {
    authorizeAction.mockResolvedValue({ ok: true, user: { id: 1, username: "bob", role: "viewer" } });
    getDashboardData.mockResolvedValue({ overview: {}, profit: {} });
    expect(await getDashboard(FILTERS)).toEqual({ ok: true, data: { overview: {}, profit: {} } });
  });
});
