import "server-only";
import { migrations } from "../../db/migrate";
import { statement } from "../db";
import { log } from "../log";

/**
 * Readiness: the database answers and every migration this build knows (db/migrate.ts) is recorded
 * as applied. A server whose schema is behind its code would fail on the first query that needs a
 * new table, so a load balancer should not send it traffic. Says only yes or no: the reason goes to
 * the log, never to the (public) response.
 */
export async function getHealth(): Promise<boolean> {
  try {
    const applied = new Set(statement("SELECT id FROM schema_migrations").pluck().all() as number[]);
    const missing = migrations.filter((migration) => !applied.has(migration.id)).map((m) => m.id);
    if (missing.length === 0) return true;
    log.error({ missing }, "health check: migrations not applied");
    return false;
  } catch (err) {
    log.error({ err }, "health check: database unavailable");
    return false;
  }
}
