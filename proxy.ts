import { NextResponse, type NextRequest } from "next/server";
import {
  ACTION_HEADER,
  actionBodyProblem,
  actionOriginProblem,
  formBodyProblem,
  jsonBodyProblem,
  methodProblem,
} from "@/lib/request-screening";
import { isPublicPath, PATH_HEADER, readSessionClaims } from "@/lib/auth/config";
import { env } from "@/lib/env";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/request-id";
import { contentSecurityPolicy } from "@/lib/security-headers";

// The request guard: deny by default. Anything not on the public list (lib/auth/config.ts) needs a
// valid session token, else pages redirect to /login and APIs answer 401. It only verifies the
// token (no database, no bcrypt): pages, actions and handlers re-check the user against the
// database themselves (lib/auth/session.ts), since a server action is a POST to any page, public
// ones included. It also gives every page its CSP nonce and every request an id (x-request-id, on
// the request for the server's log lines and on the response for the client), and refuses
// malformed or cross-site server-action POSTs and malformed JSON bodies with a 4xx before Next.js
// (or next-auth) would answer them 500 (lib/request-screening.ts).
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, env.NODE_ENV === "development");
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));

  const problem =
    request.method === "POST" && request.headers.has(ACTION_HEADER)
      ? (actionOriginProblem(request.headers) ?? (await actionBodyProblem(request)))
      : (methodProblem(request.method, pathname, request.headers.get("content-type")) ??
        (await jsonBodyProblem(request)) ??
        (await formBodyProblem(request)));
  if (problem) {
    const response = NextResponse.json({ error: problem.error }, { status: problem.status });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }

  if (!isPublicPath(pathname) && !(await readSessionClaims(request))) {
    let response: NextResponse;
    if (pathname.startsWith("/api/")) {
      response = NextResponse.json({ error: "Sign in first." }, { status: 401 });
    } else {
      const login = request.nextUrl.clone();
      login.pathname = "/login";
      login.search = "";
      login.searchParams.set("callbackUrl", `${pathname}${search}`);
      response = NextResponse.redirect(login);
    }
    response.headers.set("Content-Security-Policy", csp);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }

  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(PATH_HEADER, `${pathname}${search}`);
  // Next.js reads the nonce for its own scripts from the request's CSP header.
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Static files skip the guard (they are public) and get a fixed CSP from next.config.ts. So does
  // the CSV upload: Next.js buffers the body of every request its proxy sees (and cuts it at 10 MB),
  // while the upload must stream to disk; its handler checks the session itself before reading.
  matcher: ["/((?!_next/static/|_next/image|vendor/|topojson/|icon.svg|favicon.ico|api/datasets/upload).*)"],
};
