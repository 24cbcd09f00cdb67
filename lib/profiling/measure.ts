import "server-only";
import { currentTiming } from "./context";

/**
 * Runs a server action's body inside the request's timing context: names the request after the
 * action (its id alone says nothing) and measures the body, so the breakdown can tell the action's
 * own time from Next serializing its result. Outside a request (tests, scripts) it just runs it.
 */
export async function profiled<T>(name: string, body: () => Promise<T>): Promise<T> {
  const timing = currentTiming();
  if (!timing) return body();
  timing.name = `action ${name}`;
  const start = performance.now();
  try {
    return await body();
  } finally {
    timing.handlerMs = (timing.handlerMs ?? 0) + performance.now() - start;
  }
}
