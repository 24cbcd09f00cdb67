import path from "node:path";
import { z } from "zod";

// The only module that reads process.env: every setting is validated here once, so a typo in a
// deployment fails loudly at start-up instead of as a wrong figure later.
const intFromString = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().trim().min(1).default("./data/chartroom.db"),
  DEMO_ROWS: intFromString(1_000_000, 1_000, 50_000_000),
  CACHE_TTL_MS: intFromString(60_000, 0, 86_400_000),
  CACHE_MAX_ENTRIES: intFromString(500, 1, 100_000),
  // AUTH_SECRET is the name we document; NEXTAUTH_SECRET is next-auth v4's own name, accepted too.
  // Their strength is checked at server start (lib/auth/secret.ts), not here, so `next build` and
  // the CLI run without one.
  AUTH_SECRET: z.string().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.url().optional(),
  // 12 costs ~250 ms per hash on one core here; verification works with any cost in a hash.
  BCRYPT_COST: intFromString(12, 4, 15),
  SESSION_MAX_AGE: intFromString(8 * 3600, 60, 30 * 24 * 3600),
  NEXT_PHASE: z.string().optional(),
  // Largest CSV upload, in MB (streamed to disk, never held in memory).
  DATASET_MAX_MB: intFromString(100, 1, 10_000),
  // Background jobs running at once (lib/jobs/queue.ts); each is a worker thread on its own core.
  JOB_CONCURRENCY: intFromString(1, 1, 16),
  // The live orders simulator (lib/live/simulator.ts): off unless asked for; `npm run demo` turns it on.
  LIVE_FEED: z.enum(["on", "off"]).default("off"),
  LIVE_ORDERS_PER_SECOND: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, "expected a number of orders per second, like 5 or 0.5")
    .transform(Number)
    .pipe(z.number().min(0.1).max(1000))
    .optional()
    .transform((value) => value ?? 5),
  // Per-request timing breakdown in the log, Server-Timing details and SQL statement stats.
  PROFILER: z.enum(["0", "1"]).default("0"),
  // Read by next.config.ts too; the profiler looks up server action names in this build folder.
  NEXT_DIST_DIR: z.string().trim().min(1).default(".next"),
});

export type Env = z.infer<typeof envSchema> & {
  databaseFile: string;
  /** AUTH_SECRET, else NEXTAUTH_SECRET, with the name it came from (for error messages). */
  authSecret: { name: "AUTH_SECRET" | "NEXTAUTH_SECRET"; value: string } | null;
  /** `next build` imports server modules with NODE_ENV=production but serves nothing. */
  isBuild: boolean;
};

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid configuration: ${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const data = parsed.data;
  // next-auth v4 reads these two itself. Without NEXTAUTH_URL it only derives its own URL (for
  // redirects and for the Secure flag of its cookies) from the request when AUTH_TRUST_HOST is set;
  // otherwise it assumes http://localhost:3000. Trusting the Host / X-Forwarded-* headers makes one
  // build work on any host and port; set NEXTAUTH_URL to pin the public URL instead.
  if (!data.NEXTAUTH_URL && process.env.AUTH_TRUST_HOST === undefined) process.env.AUTH_TRUST_HOST = "true";
  const authSecret = data.AUTH_SECRET
    ? { name: "AUTH_SECRET" as const, value: data.AUTH_SECRET }
    : data.NEXTAUTH_SECRET
      ? { name: "NEXTAUTH_SECRET" as const, value: data.NEXTAUTH_SECRET }
      : null;
  return {
    ...data,
    // Absolute, so the standalone server and scripts started from other folders share one file.
    databaseFile: path.resolve(data.DATABASE_PATH),
    authSecret,
    isBuild: data.NEXT_PHASE === "phase-production-build",
  };
}

export const env: Env = loadEnv();
