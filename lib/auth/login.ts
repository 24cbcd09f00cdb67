import "server-only";
import { z } from "zod";
import { MISSING_CREDENTIALS, WRONG_CREDENTIALS } from "./login-messages";
import { burnPasswordCheck, verifyPassword } from "./password";
import {
  clearLoginFailures,
  loginKeys,
  loginRetryAfter,
  recordLoginFailure,
  tooManyAttemptsMessage,
} from "./rate-limit";
import type { Role } from "./roles";
import { getUserCredentials } from "./users";

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

/** A login refusal whose message is fit to show: it never says whether the username exists. */
export class LoginError extends Error {}

export interface LoginUser {
  id: number;
  username: string;
  role: Role;
  sessionVersion: number;
}

/**
 * Checks a login attempt. An unknown user, a disabled user and a wrong password get the same
 * message after the same bcrypt work; a blocked username or address is refused before any.
 */
export async function verifyLogin(input: unknown, address: string | null): Promise<LoginUser> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) throw new LoginError(MISSING_CREDENTIALS);
  const { username, password } = parsed.data;
  const keys = loginKeys(username, address);
  const wait = loginRetryAfter(keys);
  if (wait > 0) throw new LoginError(tooManyAttemptsMessage(wait));

  const user = getUserCredentials(username);
  let valid = false;
  if (user) valid = await verifyPassword(password, user.passwordHash);
  else await burnPasswordCheck(password);
  if (!user || !valid || user.disabled) {
    recordLoginFailure(keys);
    throw new LoginError(WRONG_CREDENTIALS);
  }
  clearLoginFailures(keys[0]!);
  return { id: user.id, username: user.username, role: user.role, sessionVersion: user.sessionVersion };
}

/**
 * The client address for per-address throttling: the last X-Forwarded-For entry, which is the
 * peer seen by the nearest proxy (Next.js sets the header to the socket address when a request has
 * none). Without a proxy that overwrites the header a client can choose it, so the per-username
 * limit is the one that always holds.
 */
export function clientAddress(forwardedFor: string | null | undefined): string | null {
  const last = forwardedFor?.split(",").pop()?.trim();
  return last && last.length <= 64 ? last : null;
}
