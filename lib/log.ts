import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "./env";

// Structured JSON logs, one object per line on stdout, for whatever collects the container's
// output. Secrets never reach a log line: these fields are replaced wherever a logged object
// carries them (top level, or one or two levels down, e.g. `req.headers.cookie`).
const SECRET_FIELDS = [
  "password",
  "newPassword",
  "passwordHash",
  "password_hash",
  "token",
  "sessionToken",
  "csrfToken",
  "secret",
  "authSecret",
  "cookie",
  "cookies",
  "Cookie",
  "authorization",
  "Authorization",
  '["set-cookie"]',
  '["Set-Cookie"]',
  '["x-api-key"]',
];

export const REDACTED_PATHS: readonly string[] = SECRET_FIELDS.flatMap((field) => {
  const key = field.startsWith("[") ? field : `.${field}`;
  return [field, `*${key}`, `*.*${key}`];
});

export const REDACTED = "[redacted]";

/** A logger writing to `destination` (stdout by default) with the app's level and redaction. */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: env.LOG_LEVEL,
      base: { app: "chartroom", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    },
    destination,
  );
}

// One logger per process, shared by the instrumentation bundle and the app bundles (Next.js
// bundles them separately, so module state alone would give each its own).
const globalForLog = globalThis as typeof globalThis & { chartroomLog?: Logger };

export const log: Logger = (globalForLog.chartroomLog ??= createLogger());
