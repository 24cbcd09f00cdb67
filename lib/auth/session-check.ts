import "server-only";
import { statement } from "../db";
import type { SessionClaims } from "./config";
import type { Role } from "./roles";

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
}

// A verified token only proves who logged in; whether that user may still act is answered by the
// database: the user exists, is enabled, has the session_version the token carries (password and
// role changes bump it) and this session was not logged out. One indexed lookup (~10 us), cached
// for 2 s per session so a page and its parallel actions share it, and dropped in-process on every
// user change, so a change here takes effect at the next request.
const TTL_MS = 2_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  user: SessionUser | null;
  expiresAt: number;
}

// On globalThis: Next.js bundles route handlers (logout runs in /api/auth) and pages separately, each
// with its own copy of this module, and an invalidation must reach every copy in the process.
const globalForSessions = globalThis as typeof globalThis & { chartroomSessionCache?: Map<string, Entry> };
const cache = (globalForSessions.chartroomSessionCache ??= new Map<string, Entry>());

export function invalidateSessionCache(): void {
  cache.clear();
}

interface SessionRow {
  id: number;
  username: string;
  role: Role;
  disabled: number;
  session_version: number;
  revoked: number;
}

export function checkSession(claims: SessionClaims, now: number = Date.now()): SessionUser | null {
  if (claims.exp * 1000 <= now) return null;
  const key = `${claims.uid}:${claims.sv}:${claims.sid}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.user;
  const row = statement(
    `SELECT id, username, role, disabled, session_version,
            EXISTS (SELECT 1 FROM revoked_sessions WHERE jti = ?) AS revoked
     FROM users WHERE id = ?`,
  ).get(claims.sid, claims.uid) as SessionRow | undefined;
  const user =
    row && row.disabled === 0 && row.revoked === 0 && row.session_version === claims.sv
      ? { id: row.id, username: row.username, role: row.role }
      : null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, { user, expiresAt: now + TTL_MS });
  return user;
}
