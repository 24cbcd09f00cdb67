import { describe, expect, it } from "vitest";
import { authSecretProblem, DEVELOPMENT_SECRET } from "./secret";

const strong = "q3J0b1Zx9s7LkP2mN8vR4tY6wE1uI5oA0zXcVbNm";

describe("authSecretProblem", () => {
  it("accepts a long random secret", () => {
    expect(authSecretProblem({ name: "AUTH_SECRET", value: strong })).toBeNull();
  });

  it("names the missing variable", () => {
    expect(authSecretProblem(null)).toMatch(/^AUTH_SECRET is not set/);
    expect(authSecretProblem({ name: "AUTH_SECRET", value: "  " })).toMatch(/^AUTH_SECRET is not set/);
  });

  it("refuses a short secret, naming the variable it came from", () => {
    expect(authSecretProblem({ name: "NEXTAUTH_SECRET", value: strong.slice(0, 31) })).toMatch(
      /^NEXTAUTH_SECRET is too short \(31 characters; at least 32/,
    );
  });

  it.each([
    DEVELOPMENT_SECRET,
    "changeme",
    "please-change-me-please-change-me-now",
    "your-secret-here-your-secret-here-1234",
    "replace-this-with-a-real-secret-0123456789",
  ])("refuses the known or placeholder value %j", (value) => {
    expect(authSecretProblem({ name: "AUTH_SECRET", value })).toMatch(/known demo or placeholder/);
  });

  it("refuses a long but repetitive value", () => {
    expect(authSecretProblem({ name: "AUTH_SECRET", value: "a".repeat(64) })).toMatch(/too repetitive/);
  });

  it("is one line", () => {
    for (const value of [null, { name: "AUTH_SECRET", value: "short" }])
      expect(authSecretProblem(value)).not.toContain("\n");
  });
});
