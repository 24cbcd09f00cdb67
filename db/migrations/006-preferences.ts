import type { Migration } from "../migrate";

// Per-user display preferences and default Overview filters. One JSON document per user, validated
// by lib/preferences/schema.ts on every write and read (a row written by an older version that no
// longer parses falls back field by field to the defaults). Deleted with its user.
export const preferences: Migration = {
  id: 6,
  name: "preferences",
  up: `
    CREATE TABLE user_preferences (
      user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      prefs TEXT NOT NULL CHECK (json_valid(prefs) AND length(prefs) <= 4000),
      updated_at TEXT NOT NULL
    );
  `,
};
