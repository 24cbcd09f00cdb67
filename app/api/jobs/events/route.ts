import { cookies } from "next/headers";
import { readSessionClaims } from "@/lib/auth/config";
import { checkSession } from "@/lib/auth/session-check";
import { canSeeJob, getVisibleJob, listJobs, summarizeJob } from "@/lib/data/jobs";
import { subscribeToJobChanges } from "@/lib/jobs/events";

export const dynamic = "force-dynamic";

/** Keeps proxies from closing an idle stream, and re-checks the session this often. */
const HEARTBEAT_MS = 15_000;
/** Progress of several jobs within this window goes out as one write per job. */
const COALESCE_MS = 100;

/**
 * Live job updates as Server-Sent Events: a "jobs" event with the list the user may see, then a
 * "job" event per change (own jobs; admins: all), heartbeats, and an end when the client goes away
 * or the session ends (checked against the database at every heartbeat).
 */
export async function GET(request: Request) {
  const claims = await readSessionClaims({ headers: request.headers, cookies: await cookies() });
  const user = claims ? checkSession(claims) : null;
  if (!claims || !user) return Response.json({ error: "Sign in first." }, { status: 401 });

  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const send = (event: string, data: unknown) =>
        write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

      const pending = new Set<number>();
      let flushTimer: ReturnType<typeof setTimeout> | undefined;
      const flush = async () => {
        flushTimer = undefined;
        const ids = [...pending];
        pending.clear();
        for (const id of ids) {
          const job = await getVisibleJob(id, user);
          if (job) send("job", summarizeJob(job));
        }
      };
      const unsubscribe = subscribeToJobChanges((change) => {
        if (!canSeeJob(user, change.ownerId)) return;
        pending.add(change.id);
        flushTimer ??= setTimeout(() => void flush(), COALESCE_MS);
      });
      const heartbeat = setInterval(() => {
        if (!checkSession(claims)) return stop();
        write(": heartbeat\n\n");
      }, HEARTBEAT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(flushTimer);
        request.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", stop);

      write("retry: 3000\n\n");
      send("jobs", await listJobs(user));
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: Next's gzip would otherwise buffer the stream.
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
