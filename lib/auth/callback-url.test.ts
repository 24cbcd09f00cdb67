import { describe, expect, it } from "vitest";
import { sanitizeCallbackUrl } from "./callback-url";

describe("sanitizeCallbackUrl", () => {
  it("keeps same-site paths with their query and hash", () => {
    expect(sanitizeCallbackUrl("/admin/users")).toBe("/admin/users");
    expect(sanitizeCallbackUrl("/dashboard?from=2024-01-01&region=West#top")).toBe(
      "/dashboard?from=2024-01-01&region=West#top",
    );
  });

  it.each([
    "//evil.com",
    "//evil.com/path",
    "/\\evil.com",
    "/\\/evil.com",
    "https://evil.com",
    "http://127.0.0.1:3300/admin/users",
    "javascript:alert(1)",
    "evil.com",
    "/\t/evil.com",
    "/%0a/evil.com\n",
    " /admin",
    "",
  ])("refuses %j", (raw) => {
    expect(sanitizeCallbackUrl(raw)).toBe("/");
  });

  it("refuses non-strings, giant values and loops back to the login page", () => {
    expect(sanitizeCallbackUrl(undefined)).toBe("/");
    expect(sanitizeCallbackUrl(["/admin"])).toBe("/");
    expect(sanitizeCallbackUrl(`/${"a".repeat(5000)}`)).toBe("/");
    expect(sanitizeCallbackUrl("/login?callbackUrl=/x")).toBe("/");
    expect(sanitizeCallbackUrl("/api/auth/signout")).toBe("/");
    expect(sanitizeCallbackUrl("//evil.com", "/dashboard")).toBe("/dashboard");
  });
});
