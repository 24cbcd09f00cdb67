import "server-only";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { env } from "../env";
import { profilerEnabled, timingStore, type RequestKind, type RequestTiming } from "./context";
import { breakdown, RingBuffer, type RequestRecord } from "./stats";

// Request timing for the health panel and /admin/performance, always on: two clock reads and one
// ring-buffer slot per request (~1 us). The timing context (database/cache breakdown, action
// names set by profiled()) and the Server-Timing header need PROFILER=1.

const CAPACITY = 20_000;
/** Distinct names kept apart; past this, odd URLs (probes, typos) share one "other" row. */
const MAX_NAMES = 200;

const globalForRecorder = globalThis as typeof globalThis & {
  chartroomRequestLog?: RingBuffer<RequestRecord>;
  chartroomRequestNames?: Set<string>;
  chartroomTimingInstalled?: boolean;
};
const requestLog = (globalForRecorder.chartroomRequestLog ??= new RingBuffer<RequestRecord>(CAPACITY));
const names = (globalForRecorder.chartroomRequestNames ??= new Set<string>());

export function requestRecords(): RequestRecord[] {
  return requestLog.toArray();
}

let actionNames: Map<string, string> | null = null;

/**
 * A server action's exported name from its id (the build's server-reference-manifest.json), so
 * every action gets a readable row, profiled or not. Read once; an unknown id keeps its prefix.
 */
function actionName(id: string): string {
  if (!actionNames) {
    actionNames = new Map();
    try {
      const file = path.join(process.cwd(), env.NEXT_DIST_DIR, "server/server-reference-manifest.json");
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
        node?: Record<string, { exportedName?: string }>;
      };
      for (const [key, value] of Object.entries(manifest.node ?? {}))
        if (value.exportedName) actionNames.set(key, value.exportedName);
    } catch {
      // Development server or no build: ids it is.
    }
  }
  return actionNames.get(id) ?? id.slice(0, 10);
}

const STATIC_PREFIXES = ["/_next/static/", "/_next/image", "/vendor/", "/topojson/"];

function classify(req: http.IncomingMessage): { kind: RequestKind; name: string } {
  const path = (req.url ?? "/").split("?")[0]!;
  const method = req.method ?? "GET";
  if (
    STATIC_PREFIXES.some((prefix) => path.startsWith(prefix)) ||
    path === "/favicon.ico" ||
    path === "/icon.svg"
  )
    return { kind: "static", name: "static files" };
  const action = req.headers["next-action"];
  if (typeof action === "string") return { kind: "action", name: `action ${actionName(action)}` };
  if ((req.headers.accept ?? "").includes("text/event-stream") || path === "/api/live")
    return { kind: "stream", name: `${method} ${path}` };
  const kind: RequestKind = path.startsWith("/api/") ? "route" : "page";
  const rsc = req.headers.rsc === "1" ? " (navigation)" : "";
  return { kind, name: `${method} ${path}${rsc}` };
}

function boundedName(name: string): string {
  if (names.has(name)) return name;
  if (names.size >= MAX_NAMES) return "other";
  names.add(name);
  return name;
}

const ms = (value: number) => Math.round(value * 10) / 10;

function serverTiming(timing: RequestTiming): string {
  const elapsed = performance.now() - timing.start;
  const parts = [
    `db;dur=${ms(timing.dbMs)};desc="SQL x${timing.dbCalls}"`,
    `cache;dur=${ms(timing.cacheMs)};desc="${timing.cacheHits} hit, ${timing.cacheMisses} miss"`,
  ];
  if (timing.handlerMs !== null)
    parts.push(`compute;dur=${ms(Math.max(0, timing.handlerMs - timing.dbMs - timing.cacheMs))}`);
  parts.push(`total;dur=${ms(elapsed)};desc="until headers"`);
  return parts.join(", ");
}

function finish(timing: RequestTiming, res: http.ServerResponse): void {
  const totalMs = performance.now() - timing.start;
  const { computeMs, serializeMs } = breakdown({ ...timing, totalMs });
  const record: RequestRecord = {
    at: Date.now(),
    name: boundedName(timing.name),
    kind: timing.kind,
    status: res.statusCode,
    totalMs,
    dbMs: timing.dbMs,
    dbCalls: timing.dbCalls,
    cacheMs: timing.cacheMs,
    cacheHits: timing.cacheHits,
    cacheMisses: timing.cacheMisses,
    computeMs,
    serializeMs,
  };
  requestLog.push(record);
  if (profilerEnabled && record.kind !== "static")
    console.log(
      JSON.stringify({
        msg: "timing",
        name: record.name,
        status: record.status,
        totalMs: ms(totalMs),
        dbMs: ms(record.dbMs),
        dbCalls: record.dbCalls,
        cacheMs: ms(record.cacheMs),
        cacheHits: record.cacheHits,
        cacheMisses: record.cacheMisses,
        computeMs: ms(computeMs),
        serializeMs: ms(serializeMs),
      }),
    );
}

/**
 * Wraps every HTTP request of this process in a timing context. Next.js owns the server and the
 * responses (a server action cannot set its own headers, and proxy.ts returns before the page or
 * action runs, so it cannot time them), but it serves them from Node's http.Server in this
 * process: wrapping the "request" event is the one place that sees each request from arrival to
 * its last byte, and AsyncLocalStorage carries the context into the page, action or handler.
 */
export function installRequestTiming(): void {
  if (globalForRecorder.chartroomTimingInstalled) return;
  globalForRecorder.chartroomTimingInstalled = true;
  // Loosely typed on purpose: emit is overloaded per event name, and this forwards every event.
  const emit = http.Server.prototype.emit as (
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event !== "request") return emit.call(this, event, ...args);
    const req = args[0] as http.IncomingMessage;
    const res = args[1] as http.ServerResponse;
    const timing: RequestTiming = {
      start: performance.now(),
      method: req.method ?? "GET",
      ...classify(req),
      dbMs: 0,
      dbCalls: 0,
      cacheMs: 0,
      cacheHits: 0,
      cacheMisses: 0,
      handlerMs: null,
    };
    if (profilerEnabled) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: http.ServerResponse, ...headArgs: unknown[]) {
        if (!this.headersSent) this.setHeader("Server-Timing", serverTiming(timing));
        return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, headArgs);
      } as typeof res.writeHead;
    }
    res.once("close", () => finish(timing, res));
    // Without PROFILER the context is not entered: on Node 20 every AsyncLocalStorage store adds work
    // to each async resource created, and the always-on part needs only the two clock reads.
    if (!profilerEnabled) return emit.call(this, event, ...args);
    return timingStore.run(timing, () => emit.call(this, event, ...args));
  } as typeof http.Server.prototype.emit;
}
