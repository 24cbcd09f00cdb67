import { beforeEach, describe, expect, it, vi } from "vitest";

// The actions' own authorization, independent of the request guard: without a session nothing is
// started, cancelled or read.
const authorizeAction = vi.fn();
const startJobFor = vi.fn();
const cancelJobFor = vi.fn();
const getVisibleJob = vi.fn();
vi.mock("../auth/session", () => ({ authorizeAction }));
vi.mock("../jobs/service", () => ({ startJobFor, cancelJobFor }));
vi.mock("../data/jobs", () => ({ getVisibleJob, summarizeJob: (job: unknown) => job }));

const { cancelJob, startJob } = await import("./jobs");
const VIEWER = { id: 2, username: "bob", role: "viewer" };

beforeEach(() => {
  for (const mock of [authorizeAction, startJobFor, cancelJobFor, getVisibleJob]) mock.mockReset();
});

describe("job actions", () => {
  it("start and cancel return an error and touch nothing without a session", async () => {
    authorizeAction.mockResolvedValue({ ok: false, error: "You are not signed in." });
    expect(await startJob({ kind: "forecast" })).toEqual({ ok: false, error: "You are not signed in." });
    expect(await cancelJob({ id: 1 })).toEqual({ ok: false, error: "You are not signed in." });
    expect(startJobFor).not.toHaveBeenCalled();
    expect(cancelJobFor).not.toHaveBeenCalled();
    expect(getVisibleJob).not.toHaveBeenCalled();
  });

  it("rejects unknown kinds, extra fields and bad filters with a typed error", async () => {
    authorizeAction.mockResolvedValue({ ok: true, user: VIEWER });
    for (const input of [
      { kind: "shell" },
      { kind: "forecast", ownerId: 1 },
      { kind: "profile", datasetId: "1 OR 1=1" },
      {
        kind: "export",
        filters: {
          regions: ["Mars"],
          categories: [],
          channels: [],
          from: "2025-01-01",
          to: "2025-01-02",
          granularity: "week",
        },
      },
      null,
    ]) {
      const result = await startJob(input);
      expect(result.ok).toBe(false);
    }
    expect((await cancelJob({ id: "../etc/passwd" })).ok).toBe(false);
    expect(startJobFor).not.toHaveBeenCalled();
    expect(cancelJobFor).not.toHaveBeenCalled();
  });

  it("starts a valid job for the signed-in user", async () => {
    authorizeAction.mockResolvedValue({ ok: true, user: VIEWER });
    startJobFor.mockResolvedValue({ ok: true, id: 7 });
    getVisibleJob.mockResolvedValue({ id: 7, kind: "forecast" });
    expect(await startJob({ kind: "forecast" })).toEqual({ ok: true, data: { id: 7, kind: "forecast" } });
    expect(startJobFor).toHaveBeenCalledWith(VIEWER, { kind: "forecast" });
  });
});
