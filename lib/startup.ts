import "server-only";
import { authSecretProblem } from "./auth/secret";
import { env } from "./env";

/**
 * Refuses to serve production without a strong session secret (anyone who knows it can mint a
 * session for any user): one line naming the variable, then exit.
 */
export function assertProductionReady(): void {
  if (env.NODE_ENV !== "production" || env.isBuild) return;
  const problem = authSecretProblem(env.authSecret);
  if (!problem) return;
  console.error(`Chartroom cannot start: ${problem}`);
  process.exit(1);
}
