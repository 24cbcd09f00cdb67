"use server";

import { authorizeAction } from "../auth/session";
import {
  resetPreferences as resetStored,
  savePreferences as saveStored,
  updatePreferences,
} from "../data/preferences";
import { preferencesSchema, themeUpdateSchema, type Preferences } from "../preferences/schema";
import { firstIssueMessage, type ActionResult } from "./result";

// Each action writes the preferences of the signed-in user of the request and no one else: the
// inputs are strict schemas without a user field, and the id comes from the session check.

/** Saves the whole settings form. */
export async function savePreferences(input: unknown): Promise<ActionResult<Preferences>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = preferencesSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: `Invalid settings: ${firstIssueMessage(parsed.error.issues)}` };
  try {
    return { ok: true, data: await saveStored(auth.user.id, parsed.data) };
  } catch (error) {
    console.error("savePreferences failed", error);
    return { ok: false, error: "Your settings could not be saved. Please try again." };
  }
}

/** The navbar's theme switch: changes the theme, keeps every other preference. */
export async function saveTheme(input: unknown): Promise<ActionResult<Preferences>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = themeUpdateSchema.strict().safeParse(input);
  if (!parsed.success)
    return { ok: false, error: `Invalid theme: ${firstIssueMessage(parsed.error.issues)}` };
  try {
    return { ok: true, data: await updatePreferences(auth.user.id, parsed.data) };
  } catch (error) {
    console.error("saveTheme failed", error);
    return { ok: false, error: "Your theme could not be saved. Please try again." };
  }
}

/** Restores every default for the signed-in user. */
export async function resetPreferences(): Promise<ActionResult<Preferences>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  try {
    return { ok: true, data: await resetStored(auth.user.id) };
  } catch (error) {
    console.error("resetPreferences failed", error);
    return { ok: false, error: "Your settings could not be reset. Please try again." };
  }
}
