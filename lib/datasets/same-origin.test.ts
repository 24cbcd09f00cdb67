import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

const post = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/datasets/import", { method: "POST", headers });

describe("isSameOrigin", () => {
  it("accepts the site's own pages and requests without an Origin", () => {
    expect(isSameOrigin(post({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(true);
    expect(
      isSameOrigin(
        post({ origin: "https://data.example", host: "app:3000", "x-forwarded-host": "data.example" }),
      ),
    ).toBe(true);
    expect(isSameOrigin(post({ host: "127.0.0.1:3000" }))).toBe(true);
  });

  it("refuses another site and a malformed Origin", () => {
    expect(isSameOrigin(post({ origin: "https://evil.example", host: "127.0.0.1:3000" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "null", host: "127.0.0.1:3000" }))).toBe(false);
  });
});
