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

/**
 * In-process services of a serving process: request timing (lib/profiling) and, with
 * LIVE_FEED=on, the live orders simulator.
 */
export async function startServices(): Promise<void> {
  if (env.isBuild) return;
  const { installRequestTiming } = await import("./profiling/recorder");
  installRequestTiming();
  if (env.LIVE_FEED === "on") {
    const { getDb } = await import("./db");
    const { startLiveFeed } = await import("./live/simulator");
    startLiveFeed(getDb(), env.LIVE_ORDERS_PER_SECOND);
    const { onShutdown } = await import("./shutdown");
    const { stopLiveFeed } = await import("./live/simulator");
    onShutdown("live feed", stopLiveFeed);
    console.log(`Live feed on: ${env.LIVE_ORDERS_PER_SECOND} orders/s into live_orders.`);
  }
}
