import path from "node:path";

/** Shared by the reliability suite's setup and specs. */
// __dirname: Playwright loads the suite as CommonJS.
export const ROOT = path.resolve(__dirname, "../..");
// Under a .next-* name: ignored by git, ESLint, Prettier, vitest and tsc like every build folder.
export const TMP = path.join(ROOT, ".next-reliability");
/** The standalone server, assembled by scripts/standalone.mjs as the Dockerfile does. */
export const APP_DIR = path.join(TMP, "app");
/** A seeded database (demo data and users) that specs copy, so each starts from the same state. */
export const TEMPLATE_DB = path.join(TMP, "template.db");
export const TEMPLATE_ROWS = 20_000;
/** Ports 3520+1..3520+9 (E2E_PORT is 3520 by convention; specs run one at a time). */
export const BASE_PORT = Number(process.env.RELIABILITY_PORT ?? 3521);
