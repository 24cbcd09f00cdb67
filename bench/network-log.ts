// Per-request byte counts from the Chrome DevTools Protocol: what actually went over the wire
// (encodedDataLength includes response headers), and the request line, headers and body sent.
import http from "node:http";
import type { CDPSession } from "playwright-core";

export interface LoggedRequest {
  id: string;
  url: string;
  method: string;
  type: string;
  mimeType: string;
  headers: Record<string, string>;
  /** Headers as sent on the wire (cookies included), when Chrome reported them. */
  wireHeaders: Record<string, string> | null;
  postData: string | null;
  status: number | null;
  /** Request sent until response headers received, in ms. */
  waitMs: number;
  /** Bytes received: loadingFinished's total, or headers plus data chunks when it never came. */
  encodedBytes: number;
  /** Why loading failed (e.g. net::ERR_ABORTED when the page stopped reading a finished body). */
  failure: string | null;
  /** Answered by the browser's cache: listed by DevTools, but nothing crossed the network. */
  fromCache: boolean;
  done: boolean;
  failed: boolean;
}

interface RequestWillBeSent {
  requestId: string;
  type?: string;
  request: {
    url: string;
    method: string;
    headers: Record<string, string>;
    postData?: string;
    hasPostData?: boolean;
    postDataEntries?: { bytes?: string }[];
  };
  redirectResponse?: unknown;
}

const isHttp = (url: string) => url.startsWith("http://") || url.startsWith("https://");

export class NetworkLog {
  readonly requests: LoggedRequest[] = [];
  private readonly byId = new Map<string, LoggedRequest>();
  // ExtraInfo may arrive before the request itself.
  private readonly pendingWireHeaders = new Map<string, Record<string, string>>();

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(cdp: CDPSession): Promise<NetworkLog> {
    const log = new NetworkLog(cdp);
    cdp.on("Network.requestWillBeSent", (event: RequestWillBeSent) => log.onRequest(event));
    cdp.on("Network.requestWillBeSentExtraInfo", (event) => {
      const request = log.byId.get(event.requestId);
      if (request) request.wireHeaders = event.headers as Record<string, string>;
      else log.pendingWireHeaders.set(event.requestId, event.headers as Record<string, string>);
    });
    cdp.on("Network.responseReceived", (event) => {
      const request = log.byId.get(event.requestId);
      if (!request) return;
      request.type = event.type ?? request.type;
      request.mimeType = event.response.mimeType ?? "";
      request.status = event.response.status ?? null;
      const timing = event.response.timing;
      if (timing) request.waitMs = timing.receiveHeadersEnd - timing.sendEnd;
      request.encodedBytes = event.response.encodedDataLength ?? 0;
      if (event.response.fromDiskCache || event.response.fromPrefetchCache) request.fromCache = true;
    });
    cdp.on("Network.requestServedFromCache", (event) => {
      const request = log.byId.get(event.requestId);
      if (request) request.fromCache = true;
    });
    cdp.on("Network.dataReceived", (event) => {
      const request = log.byId.get(event.requestId);
      if (request && !request.done) request.encodedBytes += event.encodedDataLength;
    });
    cdp.on("Network.loadingFinished", (event) => {
      const request = log.byId.get(event.requestId);
      if (!request) return;
      request.encodedBytes = event.encodedDataLength;
      request.done = true;
    });
    cdp.on("Network.loadingFailed", (event) => {
      const request = log.byId.get(event.requestId);
      if (!request) return;
      request.failed = true;
      request.failure = event.errorText + (event.canceled ? " (canceled)" : "");
      request.done = true;
    });
    await cdp.send("Network.enable");
    return log;
  }

  private onRequest(event: RequestWillBeSent): void {
    if (!isHttp(event.request.url)) return;
    const entries = event.request.postDataEntries
      ?.map((entry) => (entry.bytes ? Buffer.from(entry.bytes, "base64").toString("utf8") : ""))
      .join("");
    const request: LoggedRequest = {
      id: event.requestId,
      url: event.request.url,
      method: event.request.method,
      type: event.type ?? "",
      mimeType: "",
      headers: event.request.headers,
      wireHeaders: this.pendingWireHeaders.get(event.requestId) ?? null,
      postData: event.request.postData ?? entries ?? null,
      status: null,
      waitMs: Number.NaN,
      encodedBytes: 0,
      failure: null,
      fromCache: false,
      done: false,
      failed: false,
    };
    this.pendingWireHeaders.delete(event.requestId);
    this.requests.push(request);
    this.byId.set(event.requestId, request);
    if (event.request.hasPostData && request.postData === null) {
      this.cdp
        .send("Network.getRequestPostData", { requestId: event.requestId })
        .then(({ postData }) => (request.postData = postData))
        .catch(() => undefined);
    }
  }

  pending(): LoggedRequest[] {
    return this.requests.filter((request) => !request.done);
  }

  /** Resolves once no request has been in flight for `quietMs` (or after `maxMs`). */
  async settle(quietMs = 500, maxMs = 15_000): Promise<void> {
    const started = Date.now();
    let quietSince = Date.now();
    while (Date.now() - started < maxMs) {
      if (this.pending().length > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The HTTP/1.1 request as sent, part by part: request line, each header, body. */
export function uploadParts(request: LoggedRequest): { part: string; bytes: number }[] {
  const url = new URL(request.url);
  const headers = request.wireHeaders ?? request.headers;
  return [
    {
      part: "request line",
      bytes: Buffer.byteLength(`${request.method} ${url.pathname}${url.search} HTTP/1.1\r\n`),
    },
    ...Object.entries(headers)
      .filter(([name]) => !name.startsWith(":"))
      .map(([name, value]) => ({ part: name, bytes: Buffer.byteLength(`${name}: ${value}\r\n`) })),
    { part: "blank line", bytes: 2 },
    { part: "body", bytes: Buffer.byteLength(request.postData ?? "") },
  ];
}

export const uploadBytes = (request: LoggedRequest) =>
  uploadParts(request).reduce((total, { bytes }) => total + bytes, 0);

const hasHeader = (request: LoggedRequest, name: string) =>
  Object.keys(request.wireHeaders ?? request.headers).some((header) => header.toLowerCase() === name);

export const isServerAction = (request: LoggedRequest) =>
  request.method === "POST" && hasHeader(request, "next-action");

/** A request for data: a server action, an RSC payload, or any fetch/XHR. */
export const isDataRequest = (request: LoggedRequest) =>
  isServerAction(request) ||
  hasHeader(request, "rsc") ||
  /[?&]_rsc=/.test(request.url) ||
  request.type === "Fetch" ||
  request.type === "XHR";

export const isJavaScript = (request: LoggedRequest) =>
  request.type === "Script" || /javascript|ecmascript/.test(request.mimeType);

export const describeRequest = (request: LoggedRequest) => {
  const url = new URL(request.url);
  const failure = `${request.failure ? `, ${request.failure}` : ""}${request.fromCache ? ", from cache" : ""}`;
  return `${request.method} ${url.pathname}${url.search} (${request.type || "?"}, ${request.encodedBytes} B${failure})`;
};

/**
 * Bytes of the response to `request` as the server sends it (status line, headers, compressed
 * body), by sending the same request again from here. For a request the page cancelled once it had
 * read what it needed (React does this to server-action streams), DevTools drops the byte count
 * along with the rest of the events, so its own figure is short.
 */
export function replayResponseBytes(request: LoggedRequest): Promise<number> {
  const url = new URL(request.url);
  const headers = Object.fromEntries(
    Object.entries(request.wireHeaders ?? request.headers).filter(
      ([name]) => !name.startsWith(":") && !["connection", "content-length"].includes(name.toLowerCase()),
    ),
  );
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: request.method, headers }, (response) => {
      const head =
        `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n` +
        response.rawHeaders
          .map((value, i, all) => (i % 2 === 0 ? `${value}: ${all[i + 1]}\r\n` : ""))
          .join("") +
        "\r\n";
      let body = 0;
      response.on("data", (chunk: Buffer) => (body += chunk.length));
      response.on("end", () => resolve(Buffer.byteLength(head) + body));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(request.postData ?? undefined);
  });
}
