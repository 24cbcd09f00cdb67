// The request id that ties a request's log lines together. Edge-safe (proxy.ts imports it): no
// Node.js modules.

export const REQUEST_ID_HEADER = "x-request-id";

// A reverse proxy's id is kept when it looks like one (UUIDs, hex, ULIDs...), so its access log and
// ours share the id; anything else (too long, odd characters, log-injection attempts) is replaced.
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(incoming: string | null): string {
  return incoming && ACCEPTED_ID.test(incoming) ? incoming : crypto.randomUUID();
}
