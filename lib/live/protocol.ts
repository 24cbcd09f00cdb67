// What the live stream carries, shared by the server (lib/live/stream.ts) and the browser
// (components/live). Event ids are epoch seconds: one event per second, so "the last id I have"
// is all a client needs to resume without duplicates or gaps.

/** The sliding window the page shows and the most a reconnecting client is replayed. */
export const WINDOW_SECONDS = 300;

export interface LivePoint {
  /** Epoch second the point covers (the SSE event id). */
  id: number;
  /** Orders placed in that second. */
  orders: number;
  /** Revenue (dollars) of the 60 seconds ending with that second. */
  revenuePerMinute: number;
}

export interface HealthSnapshot {
  at: number;
  requestsPerSecond: number;
  /** p95 of request latency over the last minute (streams excluded), null without requests. */
  p95Ms: number | null;
  /** Share of cache look-ups answered from the cache since start, null before the first one. */
  cacheHitRate: number | null;
  eventLoopLagMs: { mean: number; p99: number; max: number };
  memoryMb: { rss: number; heapUsed: number };
  liveClients: number;
}

/**
 * The points of `incoming` a client should append after `lastId`: only ids above it, in order,
 * each once. A reconnect replays from the last id the client has, but a client that reconnects on
 * its own (EventSource) and by hand at once, or a server restarted with an older clock, could still
 * send an id twice; dropping them here keeps the chart's x values strictly increasing.
 */
export function newPoints<P extends { id: number }>(
  lastId: number | null,
  incoming: readonly P[],
): { accepted: P[]; lastId: number | null } {
  const accepted: P[] = [];
  let last = lastId;
  for (const point of incoming) {
    if (!Number.isSafeInteger(point.id) || (last !== null && point.id <= last)) continue;
    accepted.push(point);
    last = point.id;
  }
  return { accepted, lastId: last };
}
