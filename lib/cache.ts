import "server-only";
import { currentTiming } from "./profiling/context";

export interface CacheStats {
  hits: number;
  misses: number;
  /** Requests that arrived while the same key was being computed and shared that computation. */
  joined: number;
  size: number;
}

/** Every named cache of the process, for the health panel and /admin/performance. */
const globalForCaches = globalThis as typeof globalThis & {
  chartroomCaches?: Map<string, { stats(): CacheStats }>;
};
const namedCaches = (globalForCaches.chartroomCaches ??= new Map());

export function cacheStatsByName(): { name: string; stats: CacheStats }[] {
  return [...namedCaches.entries()].map(([name, cache]) => ({ name, stats: cache.stats() }));
}

/**
 * A least-recently-used cache with a time to live. Concurrent requests for a key that is being
 * computed wait for that one computation instead of starting their own, so a burst of identical
 * dashboard loads costs one query set. Failed computations are not cached.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly inflight = new Map<string, Promise<V>>();
  private readonly counters = { hits: 0, misses: 0, joined: 0 };

  constructor(
    private readonly options: { maxEntries: number; ttlMs: number; now?: () => number; name?: string },
  ) {
    if (options.name) namedCaches.set(options.name, this);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async getOrCompute(key: string, compute: () => V | Promise<V>): Promise<V> {
    const timing = currentTiming();
    const started = timing ? performance.now() : 0;
    const cached = this.get(key);
    if (timing) timing.cacheMs += performance.now() - started;
    if (cached !== undefined) {
      this.counters.hits++;
      if (timing) timing.cacheHits++;
      return cached;
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.counters.joined++;
      if (timing) timing.cacheHits++;
      return pending;
    }
    this.counters.misses++;
    if (timing) timing.cacheMisses++;
    const promise = (async () => compute())().then((value) => {
      this.set(key, value);
      return value;
    });
    this.inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inflight.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  stats(): CacheStats {
    return { ...this.counters, size: this.entries.size };
  }
}
