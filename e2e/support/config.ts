import path from "node:path";

/** Shared by playwright.config.ts, the e2e server script and the specs. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3300);
export const E2E_DB = path.resolve(process.env.E2E_DATABASE_PATH ?? ".e2e/chartroom-e2e.db");
export const E2E_ROWS = Number(process.env.E2E_DEMO_ROWS ?? 60_000);
