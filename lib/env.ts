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
});

export type Env = z.infer<typeof envSchema> & { databaseFile: string };

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid configuration: ${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`,
    );
  }
  // Absolute, so the standalone server and scripts started from other folders share one file.
  return { ...parsed.data, databaseFile: path.resolve(parsed.data.DATABASE_PATH) };
}

export const env: Env = loadEnv();
