import "server-only";
import { sampleHealth } from "../profiling/health";
import { getLivePoints } from "./points";
import { encodePoints, LiveProducer, type LiveSubscriber } from "./producer";
import type { LivePoint } from "./protocol";
import { replayRange } from "./resume";

const globalForLive = globalThis as typeof globalThis & { chartroomLiveProducer?: LiveProducer };

/** The process's one producer (on globalThis: route bundles have their own module copies). */
export function getLiveProducer(): LiveProducer {
  globalForLive.chartroomLiveProducer ??= new LiveProducer({ sampleHealth });
  return globalForLive.chartroomLiveProducer;
}

/** A client this far behind (2 minutes of events queued) is dropped; it reconnects and replays. */
const MAX_QUEUED_CHUNKS = 120;
const SESSION_RECHECK_MS = 30_000;
const encoder = new TextEncoder();

export interface LiveStreamOptions {
  /** The last event id the client has, or null for a first connection. */
  since: number | null;
  /** Admins also get the server's health every second. */
  health: boolean;
  signal: AbortSignal;
  /** Re-checks the session now and then: a disabled user's open stream ends within 30 s. */
  stillAllowed: () => Promise<boolean>;
  producer?: LiveProducer;
}

/**
 * The SSE body for one client: first the seconds it missed (replayed from SQL, from `since` up to
 * what the producer has published), then every new second as the producer publishes it. Points
 * published while the replay is read are queued and sent after it, minus any the replay covered,
 * so the ids a client receives are strictly increasing and contiguous.
 */
export function openLiveStream(options: LiveStreamOptions): ReadableStream<Uint8Array> {
  const producer = options.producer ?? getLiveProducer();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let after = options.since ?? Number.NEGATIVE_INFINITY;
      let replaying = true;
      const queued: Parameters<LiveSubscriber["points"]>[] = [];
      const recheck = setInterval(() => {
        void options.stillAllowed().then((allowed) => allowed || close(), close);
      }, SESSION_RECHECK_MS);
      recheck.unref();

      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(recheck);
        options.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (chunk: Uint8Array) => {
        if (closed) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return close();
        controller.enqueue(chunk);
      };
      // `encoded` is the producer's shared encoding of `points`, reused when nothing is dropped.
      const sendPoints = (points: LivePoint[], encoded?: Uint8Array) => {
        const fresh = points.filter((p) => p.id > after);
        if (fresh.length === 0) return;
        send(encoded && fresh.length === points.length ? encoded : encodePoints(fresh));
        after = fresh[fresh.length - 1]!.id;
      };

      const unsubscribe = producer.subscribe({
        points: (points, encoded) =>
          replaying ? queued.push([points, encoded]) : sendPoints(points, encoded),
        health: options.health ? (_snapshot, encoded) => send(encoded) : undefined,
      });
      cleanup = close;
      options.signal.addEventListener("abort", close);
      if (options.signal.aborted) return close();

      // Reconnect quickly after a server restart (EventSource's default is ~3 s).
      send(encoder.encode("retry: 1000\n\n"));
      const range = replayRange(options.since, producer.watermark);
      if (range) {
        try {
          sendPoints(await getLivePoints(range.from, range.to));
        } catch (error) {
          console.error("live stream: replay failed", error);
          return close();
        }
      }
      replaying = false;
      for (const [points, encoded] of queued.splice(0)) sendPoints(points, encoded);
    },
    cancel() {
      cleanup();
    },
  });
}
