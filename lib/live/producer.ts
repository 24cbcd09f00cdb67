import "server-only";
import { getLivePoints } from "./points";
import type { HealthSnapshot, LivePoint } from "./protocol";

/**
 * A second is published this long after it ends. The simulator spreads each tick's orders over
 * the second before the tick, so a second is complete once the next tick (<= 1 s later) has
 * committed: publishing it 2 s late means a published point never changes, and a replay from SQL
 * after a reconnect shows exactly what the live stream showed.
 */
export const PUBLISH_LAG_SECONDS = 2;
/** A producer that fell behind (suspended process) replays at most this many seconds per tick. */
const MAX_CATCH_UP = 600;

export interface LiveSubscriber {
  /** New seconds in order, with their SSE encoding (shared by every client: encoded once). */
  points(points: LivePoint[], encoded: Uint8Array): void;
  /** Set by clients that show the health panel: sampled only while one is connected. */
  health?(snapshot: HealthSnapshot, encoded: Uint8Array): void;
}

const encoder = new TextEncoder();

/** SSE messages for points; `at` (publish time, ms) lets a client measure delivery latency. */
export function encodePoints(points: readonly LivePoint[], at?: number): Uint8Array {
  return encoder.encode(
    points
      .map(
        (p) => `id: ${p.id}\nevent: point\ndata: ${JSON.stringify(at === undefined ? p : { ...p, at })}\n\n`,
      )
      .join(""),
  );
}

/**
 * The one producer per process: every second it reads the newly complete seconds once (one
 * indexed SQL read) and fans the same bytes out to every connected client, so 200 clients cost one
 * query per second, not 200. It runs only while someone listens.
 */
export class LiveProducer {
  private watermarkSec: number;
  private readonly subscribers = new Set<LiveSubscriber>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly options: {
      now?: () => number;
      sampleHealth?: (liveClients: number) => HealthSnapshot;
      /** Tests drive tick() themselves. */
      manual?: boolean;
    } = {},
  ) {
    this.watermarkSec = this.completeSecond();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private completeSecond(): number {
    return Math.floor(this.now() / 1000) - PUBLISH_LAG_SECONDS;
  }

  /** The last second published: everything up to it can be replayed from SQL unchanged. */
  get watermark(): number {
    return this.watermarkSec;
  }

  get clientCount(): number {
    return this.subscribers.size;
  }

  subscribe(subscriber: LiveSubscriber): () => void {
    if (this.subscribers.size === 0) {
      // Idle seconds were never published; nobody missed them, and a reconnecting client gets them
      // by replay. Starting from "now" keeps the first tick from reading a long idle range.
      this.watermarkSec = Math.max(this.watermarkSec, this.completeSecond());
    }
    this.subscribers.add(subscriber);
    this.schedule();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
    };
  }

  private schedule(): void {
    if (this.timer || this.options.manual || this.subscribers.size === 0) return;
    // 100 ms past the next second boundary: ticks stay aligned with the seconds they publish.
    const delay = 1000 - (this.now() % 1000) + 100;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** Publishes every second completed since the last tick (usually one). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const to = this.completeSecond();
      const from = Math.max(this.watermarkSec + 1, to - MAX_CATCH_UP + 1);
      if (to >= from) {
        const points = await getLivePoints(from, to);
        this.watermarkSec = to;
        const encoded = encodePoints(points, this.now());
        for (const subscriber of this.subscribers) subscriber.points(points, encoded);
      }
      const wantHealth = [...this.subscribers].filter((s) => s.health);
      if (wantHealth.length && this.options.sampleHealth) {
        const snapshot = this.options.sampleHealth(this.subscribers.size);
        const encoded = encoder.encode(`event: health\ndata: ${JSON.stringify(snapshot)}\n\n`);
        for (const subscriber of wantHealth) subscriber.health!(snapshot, encoded);
      }
    } catch (error) {
      console.error("live producer: tick failed", error);
    } finally {
      this.ticking = false;
    }
  }
}
