import "server-only";
import type { Logger } from "pino";
import { headers } from "next/headers";
import { log } from "./log";
import { REQUEST_ID_HEADER } from "./request-id";

/**
 * The logger for the current request (pages, actions, route handlers): every line it writes
 * carries the request id that proxy.ts set and returned to the client in `x-request-id`.
 */
export async function requestLog(): Promise<Logger> {
  try {
    const requestId = (await headers()).get(REQUEST_ID_HEADER);
    return requestId ? log.child({ requestId }) : log;
  } catch {
    // Outside a request (scripts, background work).
    return log;
  }
}
