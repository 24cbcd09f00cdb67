// Screening of request bodies in proxy.ts, before Next.js or a route handler parses them. Next
// answers 500 for an action body it cannot decode and for a cross-site action call, and next-auth
// for a JSON body that is not JSON; all are the client's fault, so they get a 4xx here instead.
// Edge-safe and pure: no Node.js modules, no database.

/** The header Next.js's client sets on every server-action call. */
export const ACTION_HEADER = "next-action";

export interface ActionRequestProblem {
  status: 400 | 403 | 405 | 413 | 415;
  error: string;
}

function hostOf(origin: string): string | null {
  if (origin === "null") return "null";
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * Next.js's own CSRF rule for actions (action-handler.js): a request with an Origin must come from
 * the host it was sent to (X-Forwarded-Host when a reverse proxy sets it, else Host). Requests
 * without an Origin are not from a browser page and carry no ambient credentials of someone else.
 */
export function actionOriginProblem(headers: Headers): ActionRequestProblem | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (host && hostOf(origin) === host) return null;
  return { status: 403, error: "Cross-site request refused." };
}

// React's reply format (decodeReply): a string starting with "$" is a typed value or a reference.
// Next answers 500 for every one it cannot decode, and its decoder is stricter than the format: a
// reference must point at a chunk already received (the client appends parts before their
// parent), a path must follow own properties, and a typed reference (Map, Set, server function,
// promise, stream, typed array...) must point at the right shape (found by the fuzz suite). The
// actions here take plain JSON values, dates and ids, so only what the client encodes for those
// is let through: escaped strings, the number and undefined markers, dates, BigInts, plain
// references ("$1", or the path of a repeated object, "$0:0:x") and FormData ("$K1").
const SELF_CONTAINED = /^\$(\$|undefined$|Infinity$|-Infinity$|-0$|NaN$|D|n-?\d{1,300}$|K[0-9a-f]{1,8}$)/;
const REFERENCE = /^\$([0-9a-f]{1,8})((?::[^:]*)*)$/;

// Next's default limit for an action body (serverActions.bodySizeLimit); above it Next throws.
const MAX_BODY_BYTES = 1_000_000;
// Arguments are filter objects and ids; React's decoder fails (500) on very deep nesting.
const MAX_DEPTH = 32;

const UNSUPPORTED = "Malformed request: the body holds a kind of value these actions do not take.";
const DANGLING = "Malformed request: the body refers to data it does not contain.";

/** Whether `path` (":a:0"...) leads through plain objects and arrays of `model` by own keys. */
function pathResolves(model: unknown, path: string): boolean {
  let value = model;
  for (const key of path.split(":").slice(1)) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9]\d*)$/.test(key) || Number(key) >= value.length) return false;
    } else if (!value || typeof value !== "object" || !Object.hasOwn(value, key)) {
      return false;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * What is wrong with one decoded chunk of a reply, or null. `received` holds the chunks sent
 * before this one (by number), whose references React can resolve; `self` is this chunk's number.
 */
function modelProblem(model: unknown, self: number, received: ReadonlyMap<number, unknown>): string | null {
  const pending: [unknown, number][] = [[model, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (depth > MAX_DEPTH) return "Malformed request: the arguments are nested too deeply.";
    if (typeof value === "string") {
      if (!value.startsWith("$") || SELF_CONTAINED.test(value)) continue;
      const reference = REFERENCE.exec(value);
      if (!reference) return UNSUPPORTED;
      const chunk = parseInt(reference[1]!, 16);
      if (chunk !== self && !received.has(chunk)) return DANGLING;
      if (!pathResolves(chunk === self ? model : received.get(chunk), reference[2]!)) return DANGLING;
    } else if (value && typeof value === "object") {
      for (const child of Object.values(value)) pending.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * Whether an action POST's body can be what Next.js's client sends: JSON text (encodeReply's
 * string form) or multipart form data (its FormData form: numbered JSON chunks, the argument list
 * last as "0", and "_<id>_<key>" entries of a FormData argument), whose references all resolve.
 * Anything else is refused with 400.
 */
export async function actionBodyProblem(request: Request): Promise<ActionRequestProblem | null> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const refuse = (error: string): ActionRequestProblem => ({ status: 400, error });
  // Next.js does not run url-encoded fetch actions (it answers 404 itself).
  if (type.startsWith("application/x-www-form-urlencoded")) return null;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return { status: 413, error: "Request too large." };
  // In the order received: a chunk can only refer to the ones before it.
  const chunks = new Map<number, string>();
  try {
    if (type.startsWith("multipart/form-data")) {
      for (const [name, value] of await request.clone().formData()) {
        if (/^_[0-9a-f]+_/.test(name)) continue;
        if (!/^(0|[1-9]\d{0,8})$/.test(name)) return refuse("Malformed request: unexpected form field.");
        if (chunks.has(Number(name)) || typeof value !== "string")
          return refuse("Malformed request: a part of the body is repeated or not text.");
        chunks.set(Number(name), value);
      }
    } else {
      chunks.set(0, await request.clone().text());
    }
  } catch {
    return refuse("Malformed request: the body could not be read.");
  }
  if ([...chunks.values()].reduce((total, text) => total + text.length, 0) > MAX_BODY_BYTES)
    return { status: 413, error: "Request too large." };
  if (!chunks.has(0)) return refuse("Malformed request: the action's arguments are missing.");
  const received = new Map<number, unknown>();
  for (const [id, text] of chunks) {
    let model: unknown;
    try {
      model = JSON.parse(text);
    } catch {
      return refuse("Malformed request: the body is not valid JSON.");
    }
    // Chunk 0 is the argument list.
    if (id === 0 && !Array.isArray(model)) return refuse("Malformed request: the arguments are not a list.");
    const problem = modelProblem(model, id, received);
    if (problem) return refuse(problem);
    received.set(id, model);
  }
  return null;
}

/**
 * A body sent as JSON (any method but GET/HEAD) must parse as JSON: route handlers, next-auth's
 * included, would otherwise throw and answer 500.
 */
export async function jsonBodyProblem(request: Request): Promise<ActionRequestProblem | null> {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(type)) return null;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return { status: 413, error: "Request too large." };
  try {
    JSON.parse(await request.clone().text());
    return null;
  } catch {
    return { status: 400, error: "Malformed request: the body is not valid JSON." };
  }
}

/**
 * A multipart POST without the action header is what a browser sends for a form action without
 * JavaScript: Next.js parses it looking for the action's fields and answered 500 when the body
 * was not valid multipart (found by the fuzz suite, on every page and unknown path).
 */
export async function formBodyProblem(request: Request): Promise<ActionRequestProblem | null> {
  if (request.method !== "POST") return null;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) return null;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return { status: 413, error: "Request too large." };
  try {
    await request.clone().formData();
    return null;
  } catch {
    return { status: 400, error: "Malformed request: the body is not valid form data." };
  }
}

// next-auth's credentials callback only handles POST and answers any other method with a 500.
const POST_ONLY = ["/api/auth/callback/credentials"];

/**
 * A method a route cannot handle, answered 405 before its handler would answer 500; and a POST to
 * next-auth with a body type it cannot read (it parses form or JSON bodies, and an empty or broken
 * multipart body made it answer 500), answered 415.
 */
export function methodProblem(
  method: string,
  pathname: string,
  contentType: string | null = null,
): ActionRequestProblem | null {
  const path = pathname.replace(/\/+$/, "");
  if (method !== "POST" && POST_ONLY.includes(path)) return { status: 405, error: "Method not allowed." };
  if (method === "POST" && path.startsWith("/api/auth/")) {
    const type = (contentType ?? "").toLowerCase();
    const readable =
      type === "" ||
      type.startsWith("application/x-www-form-urlencoded") ||
      /^application\/([\w.+-]+\+)?json\b/.test(type);
    if (!readable) return { status: 415, error: "Send the form as application/x-www-form-urlencoded." };
  }
  return null;
}
