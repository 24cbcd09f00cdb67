import type { APIRequest, Page, Request } from "@playwright/test";

/** A server action call: a POST carrying Next's next-action header. */
export const isAction = (request: Request) =>
  request.method() === "POST" && request.headers()["next-action"] !== undefined;

/** A React Server Components payload request (a navigation or prefetch inside the app). */
export const isRsc = (request: Request) =>
  request.headers()["rsc"] === "1" || new URL(request.url()).searchParams.has("_rsc");

/** Counts the server action calls a page makes from now on. */
export function countActions(page: Page): { readonly count: number } {
  const counter = { count: 0 };
  page.on("request", (request) => {
    if (isAction(request)) counter.count++;
  });
  return counter;
}

/**
 * Replays a captured action POST with its headers and body but without the session cookie, to
 * the page it was sent from and to the public Overview: the request guard sees only the page, so
 * the action itself must refuse. Checks neither answer is a 5xx and returns both bodies.
 */
export async function replayWithoutSession(api: APIRequest, request: Request): Promise<string[]> {
  const headers = { ...request.headers() };
  delete headers.cookie;
  const origin = new URL(request.url()).origin;
  const anonymous = await api.newContext({ baseURL: origin });
  try {
    const bodies: string[] = [];
    for (const url of [request.url(), `${origin}/`]) {
      const response = await anonymous.post(url, {
        headers,
        data: request.postData() ?? "",
        maxRedirects: 0,
      });
      if (response.status() >= 500) throw new Error(`${url} answered ${response.status()}`);
      bodies.push(await response.text());
    }
    return bodies;
  } finally {
    await anonymous.dispose();
  }
}
