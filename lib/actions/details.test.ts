import { beforeEach, describe, expect, it, vi } from "vitest";

// The action's own authorization, independent of the request guard: the session module is
// replaced so the test can play "no session" and "signed in"; the data layer is observed so the
// test can prove nothing was read for an anonymous caller.
const authorizeAction = vi.fn();
const getDetailsData = vi.fn();
vi.mock("../auth/session", () => ({ authorizeAction }));
vi.mock("../data/details", () => ({ getDetailsData }));

const { getDetails } = await import("./details");

const STATE = {
  filters: {
    regions: [],
    categories: [],
    channels: [],
    from: "2025-01-01",
    to: "2025-12-31",
    granularity: "week",
  },
  search: "",
  productId: null,
  sort: "revenue",
  dir: "desc",
  size: 50,
  position: { kind: "after", id: 42 },
  page: 2,
};
const VIEWER = { ok: true, user: { id: 1, username: "bob", role: "viewer" } };

beforeEach(() => {
  authorizeAction.mockReset();
  getDetailsData.mockReset();
});

describe("getDetails", () => {
  it("returns an error and reads no data without a session", async () => {
    authorizeAction.mockResolvedValue({ ok: false, error: "You are not signed in." });
    expect(await getDetails(STATE)).toEqual({ ok: false, error: "You are not signed in." });
    expect(getDetailsData).not.toHaveBeenCalled();
  });

  it.each([
    ["an unknown sort column", { ...STATE, sort: "id; DROP TABLE orders" }],
    ["a page size not offered", { ...STATE, size: 1_000_000 }],
    ["a cursor that is not an id", { ...STATE, position: { kind: "after", id: "1 OR 1=1" } }],
    ["a search longer than allowed", { ...STATE, search: "x".repeat(500) }],
    ["an impossible date", { ...STATE, filters: { ...STATE.filters, from: "2025-02-30" } }],
    ["an extra field", { ...STATE, sql: "SELECT 1" }],
  ])("rejects %s with a typed error and reads nothing", async (_, input) => {
    authorizeAction.mockResolvedValue(VIEWER);
    const result = await getDetails(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Invalid request: /);
    expect(getDetailsData).not.toHaveBeenCalled();
  });

  it("answers a signed-in user's valid state, normalized", async () => {
    authorizeAction.mockResolvedValue(VIEWER);
    getDetailsData.mockResolvedValue({ rows: [] });
    expect(await getDetails({ ...STATE, search: "  tent " })).toEqual({ ok: true, data: { rows: [] } });
    expect(getDetailsData).toHaveBeenCalledWith({ ...STATE, search: "tent" });
  });
});
