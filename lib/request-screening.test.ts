import { describe, expect, it } from "vitest";
import {
  actionBodyProblem,
  actionOriginProblem,
  formBodyProblem,
  jsonBodyProblem,
  methodProblem,
} from "./request-screening";
// @ts-expect-error -- Next's compiled copy of React's reply encoder ships without types.
import { encodeReply } from "next/dist/compiled/react-server-dom-webpack/client.edge";

const post = (body: string | FormData, contentType?: string) =>
  new Request("http://localhost:3000/", {
    method: "POST",
    body,
    headers: contentType ? { "content-type": contentType } : {},
  });

describe("actionBodyProblem", () => {
  it("accepts every body React's client encodes for the arguments these actions take", async () => {
    const shared = { regions: ["West"], from: "2025-01-01" };
    const form = new FormData();
    form.set("name", "Q3 $ revenue");
    const argumentLists: unknown[][] = [
      [{ regions: ["West"], from: "2025-01-01", to: "2025-12-31" }],
      ["$100 search", new Date(0), 42n, undefined, Infinity, -0, NaN, null, true],
      // A repeated object is sent once and then referred to by its path ("$0:0", "$0:1:x").
      [shared, { x: shared, y: [shared, shared] }],
      [form],
      [[1, [2, [3, [4]]]], { nested: { deeper: { deepest: "$" } } }],
    ];
    for (const args of argumentLists) {
      const body = (await encodeReply(args)) as string | FormData;
      expect(
        await actionBodyProblem(post(body, typeof body === "string" ? "text/plain" : undefined)),
      ).toBeNull();
    }
  });

  it("refuses kinds of values no action takes, even when React's client encoded them", async () => {
    for (const value of [new Map([[1, 2]]), new Set([1]), Promise.resolve(1), new Uint8Array(2)]) {
      const body = (await encodeReply([value])) as string | FormData;
      expect(
        (await actionBodyProblem(post(body, typeof body === "string" ? "text/plain" : undefined)))?.status,
      ).toBe(400);
    }
  });

  // Each of these made Next answer 500 (reliability/fuzz.spec.ts found the first).
  it.each([
    [
      "a server function reference",
      [
        ["1", "{}"],
        ["0", '["$F1"]'],
      ],
    ],
    [
      "a Map reference to an object",
      [
        ["1", "{}"],
        ["0", '["$Q1"]'],
      ],
    ],
    [
      "a type React does not know",
      [
        ["1", "[]"],
        ["0", '["$C1"]'],
      ],
    ],
    [
      "a reference to a chunk sent after it",
      [
        ["0", '["$1"]'],
        ["1", "{}"],
      ],
    ],
    [
      "a path to a missing property",
      [
        ["1", "{}"],
        ["0", '["$1:a"]'],
      ],
    ],
    [
      "a path through a number",
      [
        ["1", '{"a":1}'],
        ["0", '["$1:a:b"]'],
      ],
    ],
    [
      "a path to an inherited property",
      [
        ["1", "{}"],
        ["0", '["$1:constructor"]'],
      ],
    ],
    [
      "a path past the end of an array",
      [
        ["1", "[1]"],
        ["0", '["$1:1"]'],
      ],
    ],
    ["a self-reference to a missing property", [["0", '[{"a":1},"$0:2"]']]],
  ])("refuses %s with 400", async (_name, fields) => {
    const form = new FormData();
    for (const [name, value] of fields as [string, string][]) form.append(name, value);
    expect((await actionBodyProblem(post(form)))?.status).toBe(400);
  });

  it.each([
    ["not JSON", "not json", "text/plain"],
    ["empty", "", "text/plain"],
    ["not an argument list", "null", "text/plain"],
    ["a reference to a chunk a text body cannot have", '["$1"]', "text/plain"],
    ["a map reference to nothing", '["$Q1"]', "text/plain"],
    ["a temporary reference", '["$T"]', "text/plain"],
    ["a promise", '["$@0"]', "text/plain"],
    ["a bare dollar sign", '["$"]', "text/plain"],
    ["a malformed BigInt", '["$nabc"]', "text/plain"],
    ["too deep", `[${"[".repeat(100)}${"]".repeat(100)}]`, "text/plain"],
    ["a multipart body without a boundary", "garbage", "multipart/form-data"],
  ])("refuses %s with 400", async (_name, body, type) => {
    expect((await actionBodyProblem(post(body, type)))?.status).toBe(400);
  });

  it("refuses a multipart body with a field React would never name so", async () => {
    const form = new FormData();
    form.set("", '[{"regions":[]}]');
    form.set("0", "[]");
    expect((await actionBodyProblem(post(form)))?.status).toBe(400);
  });

  it("refuses a multipart body with a chunk sent twice", async () => {
    const form = new FormData();
    form.append("0", "[{}]");
    form.append("0", "[{}]");
    expect((await actionBodyProblem(post(form)))?.status).toBe(400);
  });

  it("refuses a multipart body whose chunks refer to a missing one", async () => {
    const form = new FormData();
    form.set("0", '["$2"]');
    form.set("1", "{}");
    expect((await actionBodyProblem(post(form)))?.status).toBe(400);
  });

  it("refuses a body over 1 MB with 413", async () => {
    expect(
      (await actionBodyProblem(post(JSON.stringify(["x".repeat(1_000_001)]), "text/plain")))?.status,
    ).toBe(413);
  });
});

describe("actionOriginProblem", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it("refuses an Origin that is not the host the request was sent to", () => {
    expect(
      actionOriginProblem(headers({ host: "charts.example.com", origin: "https://evil.example" }))?.status,
    ).toBe(403);
    expect(actionOriginProblem(headers({ host: "charts.example.com", origin: "null" }))?.status).toBe(403);
    expect(actionOriginProblem(headers({ host: "charts.example.com", origin: "garbage" }))?.status).toBe(403);
  });
  it("accepts the same host (or the forwarded host behind a proxy) and requests without an Origin", () => {
    expect(
      actionOriginProblem(headers({ host: "charts.example.com", origin: "https://charts.example.com" })),
    ).toBeNull();
    expect(
      actionOriginProblem(
        headers({
          host: "app:3000",
          "x-forwarded-host": "charts.example.com",
          origin: "https://charts.example.com",
        }),
      ),
    ).toBeNull();
    expect(actionOriginProblem(headers({ host: "charts.example.com" }))).toBeNull();
  });
});

describe("jsonBodyProblem", () => {
  it("refuses a body labelled JSON that is not JSON, and lets everything else through", async () => {
    expect((await jsonBodyProblem(post("", "application/json")))?.status).toBe(400);
    expect((await jsonBodyProblem(post("{", "application/json; charset=utf-8")))?.status).toBe(400);
    expect(await jsonBodyProblem(post('{"a":1}', "application/json"))).toBeNull();
    expect(await jsonBodyProblem(post("{", "text/csv"))).toBeNull();
    expect(
      await jsonBodyProblem(
        new Request("http://localhost:3000/", { headers: { "content-type": "application/json" } }),
      ),
    ).toBeNull();
  });
});

describe("methodProblem", () => {
  it("answers 405 for a GET of the POST-only login callback and lets other requests through", () => {
    expect(methodProblem("GET", "/api/auth/callback/credentials")?.status).toBe(405);
    expect(methodProblem("PUT", "/api/auth/callback/credentials/")?.status).toBe(405);
    expect(methodProblem("POST", "/api/auth/callback/credentials")).toBeNull();
    expect(methodProblem("GET", "/api/auth/session")).toBeNull();
  });

  it("answers 415 for a next-auth POST whose body type it cannot read, and lets form and JSON through", () => {
    const callback = "/api/auth/callback/credentials";
    expect(methodProblem("POST", callback, "multipart/form-data; boundary=fuzz")?.status).toBe(415);
    expect(methodProblem("POST", "/api/auth/signout", "text/plain")?.status).toBe(415);
    expect(methodProblem("POST", callback, "application/x-www-form-urlencoded")).toBeNull();
    expect(methodProblem("POST", callback, "application/json; charset=utf-8")).toBeNull();
    expect(methodProblem("POST", "/api/datasets/import", "text/plain")).toBeNull();
  });
});

describe("formBodyProblem", () => {
  const post = (type: string, body: BodyInit) =>
    new Request("http://localhost/", { method: "POST", headers: { "content-type": type }, body });

  it("answers 400 for a multipart POST whose body is not multipart", async () => {
    expect((await formBodyProblem(post("multipart/form-data; boundary=fuzz", "[[]]")))?.status).toBe(400);
  });

  it("lets well-formed form data and other body types through", async () => {
    const form = new FormData();
    form.set("name", "value");
    const request = new Request("http://localhost/", { method: "POST", body: form });
    expect(await formBodyProblem(request)).toBeNull();
    expect(await formBodyProblem(post("text/plain", "[[]]"))).toBeNull();
  });
});
