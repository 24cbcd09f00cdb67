import { beforeEach, describe, expect, it, vi } from "vitest";

// The action's own authorization and validation, independent of the request guard: the session is
// played and the data layer observed, so the test proves nothing is read for an anonymous caller.
const authorizeAction = vi.fn();
const getStoresView = vi.fn();
vi.mock("../auth/session", () => ({ authorizeAction }));
vi.mock("../data/stores", () => ({ getStoresView }));

const actions = await import("./stores");

const FILTERS = {
  regions: [],
  categories: [],
  channels: [],
  from: "2025-01-01",
  to: "2025-12-31",
  granularity: "week",
};
const signedIn = () =>
  authorizeAction.mockResolvedValue({ ok: true, user: { id: 2, username: "bob", role: "viewer" } });

beforeEach(() => {
  authorizeAction.mockReset();
  getStoresView.mockReset();
});

describe("getStoresView", () => {
  it("returns an error and reads no data without a session", async () => {
    authorizeAction.mockResolvedValue({ ok: false, error: "You are not signed in." });
    expect(await actions.getStoresView({ filters: FILTERS, storeId: 3 })).toEqual({
      ok: false,
      error: "You are not signed in.",
    });
    expect(getStoresView).not.toHaveBeenCalled();
  });

  it("rejects a bad store id or extra fields with a message, reading nothing", async () => {
    signedIn();
    for (const input of [
      { filters: FILTERS, storeId: -1 },
      { filters: FILTERS, storeId: "3 OR 1=1" },
      { filters: FILTERS, storeId: 1.5 },
      { filters: FILTERS, storeId: 3, figures: [1, 2] },
      { filters: { ...FILTERS, from: "2025-13-01" }, storeId: 3 },
      null,
    ]) {
      const result = await actions.getStoresView(input);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(/^Invalid request: /);
    }
    expect(getStoresView).not.toHaveBeenCalled();
  });

  it("answers a signed-in user's store and normalized filters", async () => {
    signedIn();
    getStoresView.mockResolvedValue({ key: "k", stores: [], storeId: 3, panel: null, storeError: null });
    const result = await actions.getStoresView({
      filters: { ...FILTERS, channels: ["Partner", "Online"] },
      storeId: 3,
    });
    expect(result).toEqual({
      ok: true,
      data: { key: "k", stores: [], storeId: 3, panel: null, storeError: null },
    });
    expect(getStoresView).toHaveBeenCalledWith({ ...FILTERS, channels: ["Online", "Partner"] }, 3);
  });
});
