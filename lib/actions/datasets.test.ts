import { beforeEach, describe, expect, it, vi } from "vitest";

// The actions' own authorization, independent of the request guard and of the page: without a
// session nothing is changed; input is validated before the data layer is reached.
const authorizeAction = vi.fn();
const renameDataset = vi.fn();
const setDatasetVisibility = vi.fn();
const deleteDataset = vi.fn();
vi.mock("../auth/session", () => ({ authorizeAction }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("../datasets/manage", async (original) => ({
  ...(await original<typeof import("../datasets/manage")>()),
  renameDataset,
  setDatasetVisibility,
  deleteDataset,
}));

const actions = await import("./datasets");

beforeEach(() => {
  for (const mock of [authorizeAction, renameDataset, setDatasetVisibility, deleteDataset]) mock.mockReset();
});

describe("dataset actions", () => {
  it("change nothing without a session", async () => {
    authorizeAction.mockResolvedValue({ ok: false, error: "You are not signed in." });
    expect(await actions.renameDataset({ id: 1, name: "x" })).toEqual({
      ok: false,
      error: "You are not signed in.",
    });
    expect(await actions.setDatasetVisibility({ id: 1, visibility: "public" })).toMatchObject({ ok: false });
    expect(await actions.deleteDataset({ id: 1 })).toMatchObject({ ok: false });
    expect(renameDataset).not.toHaveBeenCalled();
    expect(setDatasetVisibility).not.toHaveBeenCalled();
    expect(deleteDataset).not.toHaveBeenCalled();
  });

  it("reject invalid input with a message", async () => {
    authorizeAction.mockResolvedValue({ ok: true, user: { id: 7, username: "bob", role: "viewer" } });
    expect(await actions.renameDataset({ id: 1, name: "   " })).toEqual({
      ok: false,
      error: "name: Give the dataset a name.",
    });
    expect(await actions.setDatasetVisibility({ id: 1, visibility: "everyone" })).toMatchObject({
      ok: false,
    });
    expect(await actions.deleteDataset({ id: "1 OR 1=1" })).toMatchObject({ ok: false });
    expect(renameDataset).not.toHaveBeenCalled();
  });

  it("act as the signed-in user and report the data layer's refusal", async () => {
    authorizeAction.mockResolvedValue({ ok: true, user: { id: 7, username: "bob", role: "viewer" } });
    const { DatasetChangeError, NOT_FOUND } = await import("../datasets/manage");
    deleteDataset.mockRejectedValue(new DatasetChangeError(NOT_FOUND));
    expect(await actions.deleteDataset({ id: 3 })).toEqual({ ok: false, error: NOT_FOUND });
    expect(deleteDataset).toHaveBeenCalledWith(3, 7);
    renameDataset.mockResolvedValue(undefined);
    expect(await actions.renameDataset({ id: 3, name: "  new   name " })).toEqual({ ok: true, data: null });
    expect(renameDataset).toHaveBeenCalledWith(3, 7, "new name");
  });
});
