import type { Migration } from "../migrate";

// Users, their login throttling and revoked sessions.
//
// - users.session_version is copied into every session token at login; bumping it (password or
//   role change, disable) ends every existing session of that user at its next request.
// - login_failures keeps one row per failed attempt, keyed "user:<name>" or "addr:<address>", so
//   the 15-minute window slides and survives a restart. Rows older than the window are pruned on
//   write.
// - revoked_sessions lists the token ids (jti) of signed-out sessions until they would have
//   expired anyway: logging out kills that one token, not the user's other sessions.
export const auth: Migration = {
  id: 3,
  name: "auth",
  up: `
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      session_version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );

    CREATE TABLE login_failures (
      key TEXT NOT NULL,
      failed_at INTEGER NOT NULL
    );
    CREATE INDEX login_failures_key ON login_failures (key, failed_at);

    CREATE TABLE revoked_sessions (
      jti TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
