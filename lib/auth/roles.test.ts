import { describe, expect, it } from "vitest";
import { hasRole } from "./roles";

describe("hasRole", () => {
  it("lets an admin do what a viewer can, not the other way round", () => {
    expect(hasRole("admin", "admin")).toBe(true);
    expect(hasRole("admin", "viewer")).toBe(true);
    expect(hasRole("viewer", "viewer")).toBe(true);
    expect(hasRole("viewer", "admin")).toBe(false);
  });

  it("accepts any signed-in role when none is required", () => {
    expect(hasRole("viewer")).toBe(true);
    expect(hasRole("admin", undefined)).toBe(true);
  });
});
