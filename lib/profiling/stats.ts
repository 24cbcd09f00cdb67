// Pure aggregation for the profiler (no server state), so it is unit-tested on its own.

/** Nearest-rank percentile of ascending `sorted` (p in 0..100): the smallest value with at least p% of samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** A fixed-size ring buffer: memory stays bounded whatever the traffic. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private filled = false;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.next === 0) this.filled = true;
  }

  /** Oldest first. */
  toArray(): T[] {
    const ordered = this.filled
      ? [...this.items.slice(this.next), ...this.items.slice(0, this.next)]
      : this.items.slice(0, this.next);
    return ordered as T[];
  }
}

export interface RequestRecord {
  /** Epoch ms when the response ended. */
  at: number;
  name: string;
  kind: "page" | "action" | "route" | "stream" | "static";
  status: number;
  totalMs: number;
  dbMs: number;
  dbCalls: number;
  cacheMs: number;
  cacheHits: number;
  cacheMisses: number;
  /** Handler or page time outside the database and cache. */
  computeMs: number;
  /** After a profiled handler returned: Next serializing its result and writing the response. */
  serializeMs: number;
}

export interface RouteSummary {
  name: string;
  kind: RequestRecord["kind"];
  count: number;
  p50: number;
  p95: number;
  max: number;
  /** Means per request, to show where the time goes. */
  meanDbMs: number;
  meanComputeMs: number;
  meanSerializeMs: number;
  cacheHits: number;
  cacheMisses: number;
}

/** Per route or action name, over the records ending at or after `sinceMs`, slowest p95 first (streams last). */
export function summarizeRequests(records: readonly RequestRecord[], sinceMs: number): RouteSummary[] {
  const groups = new Map<string, RequestRecord[]>();
  for (const record of records) {
    if (record.at < sinceMs) continue;
    const group = groups.get(record.name);
    if (group) group.push(record);
    else groups.set(record.name, [record]);
  }
  const mean = (group: RequestRecord[], pick: (r: RequestRecord) => number) =>
    group.reduce((sum, r) => sum + pick(r), 0) / group.length;
  return (
    [...groups.entries()]
      .map(([name, group]) => {
        const totals = group.map((r) => r.totalMs).sort((a, b) => a - b);
        return {
          name,
          kind: group[0]!.kind,
          count: group.length,
          p50: percentile(totals, 50),
          p95: percentile(totals, 95),
          max: totals[totals.length - 1]!,
          meanDbMs: mean(group, (r) => r.dbMs),
          meanComputeMs: mean(group, (r) => r.computeMs),
          meanSerializeMs: mean(group, (r) => r.serializeMs),
          cacheHits: group.reduce((sum, r) => sum + r.cacheHits, 0),
          cacheMisses: group.reduce((sum, r) => sum + r.cacheMisses, 0),
        };
      })
      // Streams last: their duration is how long a client stayed, not how slow they were.
      .sort(
        (a, b) =>
          Number(a.kind === "stream") - Number(b.kind === "stream") ||
          b.p95 - a.p95 ||
          a.name.localeCompare(b.name),
      )
  );
}

/** The breakdown of a finished request from its timing context. */
export function breakdown(timing: {
  totalMs: number;
  dbMs: number;
  cacheMs: number;
  handlerMs: number | null;
}): { computeMs: number; serializeMs: number } {
  const inside = timing.handlerMs ?? timing.totalMs;
  return {
    computeMs: Math.max(0, inside - timing.dbMs - timing.cacheMs),
    serializeMs: timing.handlerMs === null ? 0 : Math.max(0, timing.totalMs - timing.handlerMs),
  };
}
