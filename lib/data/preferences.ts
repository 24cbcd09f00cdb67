import "server-only";
import { getDb, statement } from "../db";
import { defaultDates, overviewQueryString } from "../overview/filters";
import {
  DEFAULT_PREFERENCES,
  defaultOverviewFilters,
  parseStoredPreferences,
  preferencesSchema,
  type Preferences,
} from "../preferences/schema";
import { getDataRange } from "./overview";

// Preferences are keyed by the session's user id only: callers pass the id that authorizeAction or
// requireUser returned, never one from a request, so a user can read and write only their own.

/** The stored document of a user, leniently parsed; null when they never saved one. */
function readStored(userId: number): Preferences | null {
  const row = statement("SELECT prefs FROM user_preferences WHERE user_id = ?").get(userId) as
    { prefs: string } | undefined;
  if (!row) return null;
  try {
    return parseStoredPreferences(JSON.parse(row.prefs));
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

const upsert = (userId: number, prefs: Preferences) =>
  statement(
    `INSERT INTO user_preferences (user_id, prefs, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at`,
  ).run(userId, JSON.stringify(prefs), new Date().toISOString());

/** The user's saved preferences, or the defaults when they never saved any. */
export async function getPreferences(userId: number): Promise<Preferences> {
  return readStored(userId) ?? DEFAULT_PREFERENCES;
}

/** Replaces the user's preferences with `prefs` (validated again here: the database's last guard). */
export async function savePreferences(userId: number, prefs: Preferences): Promise<Preferences> {
  const valid = preferencesSchema.parse(prefs);
  upsert(userId, valid);
  return valid;
}

/**
 * Changes some fields and keeps the rest: read and write in one immediate transaction, so two
 * concurrent partial updates (the navbar's theme switch and a settings save) cannot lose each other.
 */
export async function updatePreferences(userId: number, change: Partial<Preferences>): Promise<Preferences> {
  return getDb()
    .transaction(() => {
      const next = preferencesSchema.parse({ ...(readStored(userId) ?? DEFAULT_PREFERENCES), ...change });
      upsert(userId, next);
      return next;
    })
    .immediate();
}

/** Back to the defaults: the row goes, so later changes to the defaults reach this user too. */
export async function resetPreferences(userId: number): Promise<Preferences> {
  statement("DELETE FROM user_preferences WHERE user_id = ?").run(userId);
  return DEFAULT_PREFERENCES;
}

/**
 * The Overview query string of the user's default filters, or "" when they are the global defaults
 * (or the database is empty). The Overview redirects a signed-in user's bare "/" here, so the
 * defaults show in the URL and a reload or a shared link means the same view.
 */
export async function getDefaultOverviewQuery(userId: number): Promise<string> {
  const range = await getDataRange();
  if (!range) return "";
  const prefs = await getPreferences(userId);
  const global = defaultDates(range.last, range.last);
  return overviewQueryString(defaultOverviewFilters(prefs, range.last), global);
}
