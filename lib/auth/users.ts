import "server-only";
import { z } from "zod";
import { getDb, statement } from "../db";
import { hashPassword, passwordSchema } from "./password";
import { roleSchema, type Role } from "./roles";
import { invalidateSessionCache } from "./session-check";

// The users table behind login, the admin page and the CLI. Every change that must end a user's
// sessions (password, role, disable) bumps session_version in the same statement, and every change
// drops the in-process session cache, so it takes effect at that user's next request.

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/, "use 2-32 letters, digits, dots, dashes or underscores");

export const newUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** The fields a login or a session check needs, never sent to a client. */
export interface UserCredentials extends User {
  passwordHash: string;
  sessionVersion: number;
}

interface UserRow {
  id: number;
  username: string;
  role: Role;
  disabled: number;
  created_at: string;
  password_hash: string;
  session_version: number;
}

/** A failure whose message is fit to show (it names no SQL and no other user). */
export class UserChangeError extends Error {}

function reshapeUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

const COLUMNS = "id, username, role, disabled, created_at, password_hash, session_version";

export function getUsers(): User[] {
  return (statement(`SELECT ${COLUMNS} FROM users ORDER BY username`).all() as UserRow[]).map(reshapeUser);
}

function credentials(row: UserRow | undefined): UserCredentials | null {
  return row
    ? { ...reshapeUser(row), passwordHash: row.password_hash, sessionVersion: row.session_version }
    : null;
}

export function getUserCredentials(username: string): UserCredentials | null {
  return credentials(
    statement(`SELECT ${COLUMNS} FROM users WHERE username = ?`).get(username) as UserRow | undefined,
  );
}

export function getUserCredentialsById(id: number): UserCredentials | null {
  return credentials(statement(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined);
}

function now(): string {
  return new Date().toISOString();
}

export async function createUser(input: NewUser, cost?: number): Promise<User> {
  const { username, password, role } = newUserSchema.parse(input);
  const hash = await hashPassword(password, cost);
  if (statement("SELECT 1 FROM users WHERE username = ?").get(username))
    throw new UserChangeError(`The username "${username}" is taken.`);
  const stamp = now();
  const result = statement(
    "INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
  ).run(username, hash, role, stamp, stamp);
  invalidateSessionCache();
  return reshapeUser(
    statement(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(result.lastInsertRowid) as UserRow,
  );
}

function requireUserRow(id: number): UserRow {
  const row = statement(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  if (!row) throw new UserChangeError("That user no longer exists.");
  return row;
}

/**
 * Runs `change` in an immediate transaction after checking that, once it is done, at least one
 * enabled admin remains: nobody, the last admin included, can lock every admin out.
 */
function changeKeepingAnAdmin(id: number, removesAdmin: (row: UserRow) => boolean, change: () => void): void {
  getDb()
    .transaction(() => {
      const row = requireUserRow(id);
      if (row.role === "admin" && row.disabled === 0 && removesAdmin(row)) {
        const others = statement(
          "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?",
        )
          .pluck()
          .get(id) as number;
        if (others === 0)
          throw new UserChangeError("This is the last enabled admin: make another admin first.");
      }
      change();
    })
    .immediate();
  invalidateSessionCache();
}

export function setUserRole(id: number, role: Role): void {
  changeKeepingAnAdmin(
    id,
    () => role !== "admin",
    () =>
      statement(
        "UPDATE users SET role = ?, session_version = session_version + 1, updated_at = ? WHERE id = ? AND role != ?",
      ).run(role, now(), id, role),
  );
}

export function setUserDisabled(id: number, disabled: boolean): void {
  changeKeepingAnAdmin(
    id,
    () => disabled,
    () =>
      statement(
        "UPDATE users SET disabled = ?, session_version = session_version + 1, updated_at = ? WHERE id = ? AND disabled != ?",
      ).run(disabled ? 1 : 0, now(), id, disabled ? 1 : 0),
  );
}

export function deleteUser(id: number): void {
  changeKeepingAnAdmin(
    id,
    () => true,
    () => statement("DELETE FROM users WHERE id = ?").run(id),
  );
}

export async function setUserPassword(id: number, password: string, cost?: number): Promise<void> {
  const hash = await hashPassword(passwordSchema.parse(password), cost);
  requireUserRow(id);
  statement(
    "UPDATE users SET password_hash = ?, session_version = session_version + 1, updated_at = ? WHERE id = ?",
  ).run(hash, now(), id);
  invalidateSessionCache();
}

export function getUserByName(username: string): User | null {
  const row = statement(`SELECT ${COLUMNS} FROM users WHERE username = ?`).get(username) as
    UserRow | undefined;
  return row ? reshapeUser(row) : null;
}

/** Ends one session (logout) until it would have expired anyway. */
export function revokeSession(sid: string, expiresAtSeconds: number): void {
  const nowSeconds = Math.floor(Date.now() / 1000);
  getDb().transaction(() => {
    statement("DELETE FROM revoked_sessions WHERE expires_at < ?").run(nowSeconds);
    statement("INSERT OR IGNORE INTO revoked_sessions (jti, expires_at) VALUES (?, ?)").run(
      sid,
      expiresAtSeconds,
    );
  })();
  invalidateSessionCache();
}
