import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { env } from "../env";

// bcrypt reads at most 72 bytes; a longer password would silently share a hash with its prefix.
export const passwordSchema = z
  .string()
  .min(8, "must be at least 8 characters")
  .refine((value) => Buffer.byteLength(value, "utf8") <= 72, "must be at most 72 bytes");

export async function hashPassword(password: string, cost: number = env.BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

/** Works with a hash of any cost: the cost is part of the hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real check takes when there is no user to check against, so response time
 * does not tell which usernames exist. Made at the configured cost on first use.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("chartroom-dummy-password");
  await verifyPassword(password, await dummyHash);
}
