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

// React's reply format (decodeReply): a string starting with "$" is a reference. These need no
// other part of the body; every other kind points at another chunk ("$1", "$Q2", "$@3"...), which
// only a multipart body can carry, and a reference to a missing chunk makes Next answer 500.
const SELF_CONTAINED = /^\$(\$|undefined$|Infinity$|-Infinity$|-0$|NaN$|D|T$|n-?\d{1,300}$)/;
const CHUNK_REFERENCE = /^\$(?:[0-9a-f]|[A-Za-z@](?=[0-9a-f]))([0-9a-f]+)?/;

// Next's default limit for an action body (serverActions.bodySizeLimit); above it Next throws.
const MAX_BODY_BYTES = 1_000_000;
// Arguments are filter objects and ids; React's decoder fails (500) on very deep nesting.
const MAX_DEPTH = 32;

/** What is wrong with one decoded chunk of a reply, or null. */
function modelProblem(model: unknown, chunks: ReadonlySet<string>): string | null {
  const pending: [unknown, number][] = [[model, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (depth > MAX_DEPTH) return "Malformed request: the arguments are nested too deeply.";
    if (typeof value === "string") {
      if (!value.startsWith("$") || SELF_CONTAINED.test(value)) continue;
      // "$K<id>" is FormData: its entries are plain fields named "<id>_...", possibly none.
      if (/^\$K[0-9a-f]+$/.test(value)) continue;
      const hex = CHUNK_REFERENCE.exec(value)?.[0].replace(/^\$[A-Za-z@]?/, "");
      if (!hex || !chunks.has(String(parseInt(hex, 16))))
        return "Malformed request: the body refers to data it does not contain.";
    } else if (value && typeof value === "object") {
      for (const child of Object.values(value)) pending.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * Whether an action POST's body can be what Next.js's client sends: JSON text (encodeReply's
 * string form) or multipart form data (its FormData form, whose numbered fields are JSON chunks),
 * with no reference to a chunk the body lacks. Anything else is refused with 400.
 */
export async function actionBodyProblem(request: Request): Promise<ActionRequestProblem | null> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const refuse = (error: string): ActionRequestProblem => ({ status: 400, error });
  // Next.js does not run url-encoded fetch actions (it answers 404 itself).
  if (type.startsWith("application/x-www-form-urlencoded")) return null;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return { status: 413, error: "Request too large." };
  const chunks = new Map<string, string>();
  try {
    if (type.startsWith("multipart/form-data")) {
      for (const [name, value] of await request.clone().formData()) {
        // React names its fields "<chunk id>" (JSON) or "<id>_<key>" (the entries of a FormData
        // argument); any other name is not from Next's client.
        if (!/^\d+(_.*)?$/.test(name)) return refuse("Malformed request: unexpected form field.");
        if (!/^\d+$/.test(name)) continue;
        if (chunks.has(name) || typeof value !== "string")
          return refuse("Malformed request: a part of the body is repeated or not text.");
        chunks.set(name, value);
      }
    } else {
      chunks.set("0", await request.clone().text());
    }
  } catch {
    return refuse("Malformed request: the body could not be read.");
  }
  if ([...chunks.values()].reduce((total, text) => total + text.length, 0) > MAX_BODY_BYTES)
    return { status: 413, error: "Request too large." };
  const names = new Set(chunks.keys());
  for (const [name, text] of chunks) {
    let model: unknown;
    try {
      model = JSON.parse(text);
    } catch {
      return refuse("Malformed request: the body is not valid JSON.");
    }
    // Chunk 0 is the argument list.
    if (name === "0" && !Array.isArray(model))
      return refuse("Malformed request: the arguments are not a list.");
    const problem = modelProblem(model, names);
    if (problem) return refuse(problem);
  }
  if (!chunks.has("0")) return refuse("Malformed request: the action's arguments are missing.");
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
