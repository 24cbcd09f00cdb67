import { beforeAll, describe, expect, it } from "vitest";

let password: typeof import("./password");

beforeAll(async () => {
  process.env.BCRYPT_COST = "4";
  password = await import("./password");
});

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await password.hashPassword("secret123");
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain("secret123");
    expect(await password.verifyPassword("secret123", hash)).toBe(true);
    expect(await password.verifyPassword("secret124", hash)).toBe(false);
    expect(await password.verifyPassword("", hash)).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await password.hashPassword("pa$$w0rd")).not.toBe(await password.hashPassword("pa$$w0rd"));
  });

  it("verifies hashes of any cost, whatever the configured cost", async () => {
    const cost6 = await password.hashPassword("pa$$w0rd", 6);
    expect(cost6).toMatch(/^\$2[aby]\$06\$/);
    expect(await password.verifyPassword("pa$$w0rd", cost6)).toBe(true);
  });

  it("treats a malformed hash as a failed check, not an error", async () => {
    expect(await password.verifyPassword("x", "not-a-hash")).toBe(false);
  });

  it("limits passwords to 8 characters .. 72 bytes", () => {
    expect(password.passwordSchema.safeParse("short").success).toBe(false);
    expect(password.passwordSchema.safeParse("pa$$w0rd").success).toBe(true);
    expect(password.passwordSchema.safeParse("é".repeat(37)).success).toBe(false); // 74 bytes
  });
});
