// Runs once when the server starts, before the first request (lib/server-process.ts): validate the
// configuration, refuse to serve production without a strong session secret, bring the database
// schema up to date, and install the access log and graceful shutdown. A bad setting, a broken
// DATABASE_PATH or a failing migration stops start-up with ONE clear line on stderr and exit 1.
// Then: datasets a crash left half-imported are removed; background jobs that a crash or restart
// cut off are marked failed and the queue resumes with the queued ones (lib/jobs/queue-instance.ts);
// the in-process services start (request timing, the live feed when LIVE_FEED=on). Each registers
// its own shutdown hook (lib/shutdown.ts), run before the database closes.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerProcess } = await import("./lib/server-process");
  await startServerProcess();
  const { env } = await import("./lib/env");
  if (!env.isBuild) {
    const { startJobQueue, getJobQueue } = await import("./lib/jobs/queue-instance");
    const { onShutdown } = await import("./lib/shutdown");
    await startJobQueue();
    onShutdown("jobs", () => getJobQueue().stop());
  }
  const { startServices } = await import("./lib/startup");
  await startServices();
}
