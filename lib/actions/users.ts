"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { passwordSchema } from "../auth/password";
import { roleSchema } from "../auth/roles";
import { authorizeAction } from "../auth/session";
import * as users from "../auth/users";
import { firstIssueMessage, type ActionResult } from "./result";
import { requestLog } from "../request-log";

// The admin page's writes. Each one checks the caller itself: an action is a POST any client can
// send to any page, so the page's own requireUser("admin") protects nothing here.

const userIdSchema = z.number().int().positive();
const roleChangeSchema = z.object({ id: userIdSchema, role: roleSchema });
const passwordResetSchema = z.object({ id: userIdSchema, password: passwordSchema });
const disabledChangeSchema = z.object({ id: userIdSchema, disabled: z.boolean() });

async function asAdmin<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  change: (value: z.infer<S>) => T | Promise<T>,
): Promise<ActionResult<T>> {
  const auth = await authorizeAction("admin");
  if (!auth.ok) return auth;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssueMessage(parsed.error.issues) };
  try {
    const data = await change(parsed.data);
    revalidatePath("/admin/users");
    return { ok: true, data };
  } catch (error) {
    if (error instanceof users.UserChangeError) return { ok: false, error: error.message };
    (await requestLog()).error({ err: error }, "user change failed");
    if ((error as { code?: unknown }).code === "SQLITE_FULL")
      return {
        ok: false,
        error: "The server's disk is full, so the change was not saved. Free some space, then try again.",
      };
    return { ok: false, error: "The change could not be saved. Please try again." };
  }
}

export async function createUser(input: unknown): Promise<ActionResult<users.User>> {
  return asAdmin(users.newUserSchema, input, (value) => users.createUser(value));
}

export async function changeUserRole(input: unknown): Promise<ActionResult<null>> {
  return asAdmin(roleChangeSchema, input, ({ id, role }) => {
    users.setUserRole(id, role);
    return null;
  });
}

export async function resetUserPassword(input: unknown): Promise<ActionResult<null>> {
  return asAdmin(passwordResetSchema, input, async ({ id, password }) => {
    await users.setUserPassword(id, password);
    return null;
  });
}

export async function setUserDisabled(input: unknown): Promise<ActionResult<null>> {
  return asAdmin(disabledChangeSchema, input, ({ id, disabled }) => {
    users.setUserDisabled(id, disabled);
    return null;
  });
}

export async function deleteUser(input: unknown): Promise<ActionResult<null>> {
  return asAdmin(userIdSchema, input, (id) => {
    users.deleteUser(id);
    return null;
  });
}
