import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "../env";

/** PROFILER=1: SQL timing per statement, Server-Timing headers and a log line per request. */
export const profilerEnabled = env.PROFILER === "1";

export type RequestKind = "page" | "action" | "route" | "stream" | "static";

/** The timing context of one HTTP request, filled in by the code it runs. */
export interface RequestTiming {
  /** performance.now() when the request arrived. */
  start: number;
  method: string;
  name: string;
  kind: RequestKind;
  dbMs: number;
  dbCalls: number;
  cacheMs: number;
  cacheHits: number;
  cacheMisses: number;
  /** Time inside a profiled action or handler body (lib/profiling/measure.ts), if any ran. */
  handlerMs: number | null;
}

// On globalThis: instrumentation, route handlers and pages are separate bundles with their own
// module copies, and the context the request wrapper opens must be the one they read.
const globalForTiming = globalThis as typeof globalThis & {
  chartroomTimingStore?: AsyncLocalStorage<RequestTiming>;
};
export const timingStore = (globalForTiming.chartroomTimingStore ??= new AsyncLocalStorage<RequestTiming>());

export function currentTiming(): RequestTiming | undefined {
  return timingStore.getStore();
}
