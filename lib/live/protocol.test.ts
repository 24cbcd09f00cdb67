import { describe, expect, it } from "vitest";
import { newPoints } from "./protocol";
import { parseResumeId, replayRange } from "./resume";

describe("resume position", () => {
  it("replays from the id after the client's last one up to the watermark", () => {
    expect(replayRange(1_800_000_100, 1_800_000_110)).toEqual({ from: 1_800_000_101, to: 1_800_000_110 });
  });
  it("replays at most the window for a first connection or a long absence", () => {
    expect(replayRange(null, 1_800_000_500, 300)).toEqual({ from: 1_800_000_201, to: 1_800_000_500 });
    expect(replayRange(1_700_000_000, 1_800_000_500, 300)).toEqual({
      from: 1_800_000_201,
      to: 1_800_000_500,
    });
  });
  it("replays nothing to a client that is up to date or ahead", () => {
    expect(replayRange(1_800_000_500, 1_800_000_500)).toBeNull();
    expect(replayRange(1_800_000_600, 1_800_000_500)).toBeNull();
  });
  it("prefers Last-Event-ID to ?since= and rejects malformed ids with a message", () => {
    expect(parseResumeId("1800000000", "1700000000")).toEqual({ ok: true, since: 1_800_000_000 });
    expect(parseResumeId(null, "1700000000")).toEqual({ ok: true, since: 1_700_000_000 });
    expect(parseResumeId(null, null)).toEqual({ ok: true, since: null });
    expect(parseResumeId("abc", null)).toEqual({
      ok: false,
      error: "Invalid Last-Event-ID: must be an event id (epoch seconds, 10 digits).",
    });
    expect(parseResumeId(null, "1e9")).toMatchObject({ ok: false });
    expect(parseResumeId(null, "9".repeat(400))).toMatchObject({ ok: false });
  });
});

describe("client-side merge", () => {
  const p = (id: number) => ({ id });
  it("drops ids the client already has and keeps the rest in order", () => {
    expect(newPoints(10, [p(9), p(10), p(11), p(12)])).toEqual({ accepted: [p(11), p(12)], lastId: 12 });
  });
  it("drops a repeated id within one batch", () => {
    expect(newPoints(null, [p(1), p(2), p(2), p(3)])).toEqual({ accepted: [p(1), p(2), p(3)], lastId: 3 });
  });
  it("keeps the last id when nothing is new", () => {
    expect(newPoints(5, [p(4), p(5)])).toEqual({ accepted: [], lastId: 5 });
  });
});
