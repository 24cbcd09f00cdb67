// The standalone server's start-up check, run before server.js binds its port
// (`node --import ./preflight.mjs server.js`, bundled by scripts/standalone.mjs): server.js itself
// reads PORT with parseInt and falls back to 3000 on garbage, so PORT=abc must be caught here.
// Same schema and secret rule as the server (lib/env.ts, lib/auth/secret.ts), so the message is the
// same one line whichever check sees the problem first. instrumentation.ts repeats the checks for
// `next start`.
import { authSecretProblem } from "./auth/secret";

function refuseToStart(problem: string): never {
  process.stderr.write(`Chartroom cannot start: ${problem}\n`);
  process.exit(1);
}

try {
  const { env } = await import("./env");
  if (env.NODE_ENV === "production") {
    const problem = authSecretProblem(env.authSecret);
    if (problem) refuseToStart(problem);
  }
} catch (error) {
  if (error instanceof Error && error.name === "ConfigError") refuseToStart(error.message);
  throw error;
}
