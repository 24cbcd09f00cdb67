import { z } from "zod";
import { WINDOW_SECONDS } from "./protocol";

// Where a (re)connecting client resumes: the Last-Event-ID header EventSource sends by itself on a
// reconnect, or ?since= from a client that opened a new EventSource (after the tab was hidden, or
// after the browser gave up retrying). Epoch seconds from 2001 to 2286: anything else is a client
// bug or a probe, answered with 400 and a message.
const eventIdSchema = z
  .string()
  .trim()
  .regex(/^\d{10}$/, "must be an event id (epoch seconds, 10 digits)")
  .transform(Number);

export function parseResumeId(
  lastEventId: string | null,
  since: string | null,
): { ok: true; since: number | null } | { ok: false; error: string } {
  const raw = lastEventId || since;
  if (raw === null || raw === "") return { ok: true, since: null };
  const parsed = eventIdSchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      error: `Invalid ${lastEventId ? "Last-Event-ID" : "since"}: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
    };
  return { ok: true, since: parsed.data };
}

/**
 * The seconds to replay to a client that has everything up to `since` (null: nothing) when the
 * stream has emitted everything up to `watermark`: the missed seconds, at most the window's worth
 * (older points would scroll out of the chart at once), or null when there is nothing to replay.
 */
export function replayRange(
  since: number | null,
  watermark: number,
  window: number = WINDOW_SECONDS,
): { from: number; to: number } | null {
  const earliest = watermark - window + 1;
  const from = since === null ? earliest : Math.max(since + 1, earliest);
  return from > watermark ? null : { from, to: watermark };
}
