import "server-only";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { cacheStatsByName } from "../cache";
import type { HealthSnapshot } from "../live/protocol";
import { requestRecords } from "./recorder";
import { percentile } from "./stats";

const RESOLUTION_MS = 10;
const globalForHealth = globalThis as typeof globalThis & { chartroomLoopDelay?: IntervalHistogram };

function loopDelay(): IntervalHistogram {
  if (!globalForHealth.chartroomLoopDelay) {
    // ~100 timer wake-ups a second: negligible.
    globalForHealth.chartroomLoopDelay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    globalForHealth.chartroomLoopDelay.enable();
  }
  return globalForHealth.chartroomLoopDelay;
}

const RATE_WINDOW_MS = 5_000;
const LATENCY_WINDOW_MS = 60_000;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const lagMs = (ns: number) => (Number.isFinite(ns) ? Math.max(0, round(ns / 1e6 - RESOLUTION_MS)) : 0);

/**
 * The server's health now: requests per second (last 5 s), p95 latency (last minute, streams
 * excluded: an open SSE connection is not a slow request), the cache hit rate since start, the
 * event-loop delay since the previous sample, and memory.
 */
export function sampleHealth(liveClients: number): HealthSnapshot {
  const now = Date.now();
  const histogram = loopDelay();
  // The histogram records the whole interval between its timer's wake-ups, so an idle loop reads as
  // the resolution itself; the lag is what comes on top of it.
  const lag = {
    mean: lagMs(histogram.mean),
    p99: lagMs(histogram.percentile(99)),
    max: lagMs(histogram.max),
  };
  histogram.reset();
  const recent = requestRecords().filter((r) => r.at >= now - LATENCY_WINDOW_MS);
  const latencies = recent
    .filter((r) => r.kind !== "stream")
    .map((r) => r.totalMs)
    .sort((a, b) => a - b);
  const cache = cacheStatsByName().reduce(
    (sum, { stats }) => ({
      hits: sum.hits + stats.hits + stats.joined,
      lookups: sum.lookups + stats.hits + stats.joined + stats.misses,
    }),
    { hits: 0, lookups: 0 },
  );
  const memory = process.memoryUsage();
  return {
    at: now,
    requestsPerSecond: round(
      recent.filter((r) => r.at >= now - RATE_WINDOW_MS).length / (RATE_WINDOW_MS / 1000),
    ),
    p95Ms: latencies.length ? round(percentile(latencies, 95)) : null,
    cacheHitRate: cache.lookups ? cache.hits / cache.lookups : null,
    eventLoopLagMs: lag,
    memoryMb: { rss: round(memory.rss / 2 ** 20), heapUsed: round(memory.heapUsed / 2 ** 20) },
    liveClients,
  };
}
