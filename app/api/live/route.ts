import { cookies, headers } from "next/headers";
import { readSessionClaims } from "@/lib/auth/config";
import { authorizeAction } from "@/lib/auth/session";
import { checkSession } from "@/lib/auth/session-check";
import { openLiveStream } from "@/lib/live/stream";
import { parseResumeId } from "@/lib/live/resume";

export const dynamic = "force-dynamic";

/**
 * The live feed as Server-Sent Events: one `point` event per second (id = the second's epoch),
 * and for admins one `health` event per second. Resumes after the id in Last-Event-ID (sent by
 * EventSource on its own reconnects) or ?since= (a new EventSource after the tab was hidden).
 */
export async function GET(request: Request) {
  const auth = await authorizeAction();
  if (!auth.ok) return Response.json({ error: auth.error }, { status: 401 });
  const resume = parseResumeId(
    request.headers.get("last-event-id"),
    new URL(request.url).searchParams.get("since"),
  );
  if (!resume.ok) return Response.json({ error: resume.error }, { status: 400 });
  const claims = await readSessionClaims({ headers: await headers(), cookies: await cookies() });

  const stream = openLiveStream({
    since: resume.since,
    health: auth.user.role === "admin",
    signal: request.signal,
    stillAllowed: async () => (claims ? checkSession(claims) !== null : false),
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
