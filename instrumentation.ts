// Runs once when the server starts: refuse to serve production without a strong session secret,
// and bring the database schema up to date before the first request, so a broken DATABASE_PATH or
// a failing migration stops start-up with a clear error. Then start the in-process services
// (request timing, the live feed when LIVE_FEED=on).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionReady, startServices } = await import("./lib/startup");
  assertProductionReady();
  const { env } = await import("./lib/env");
  const { openDatabase } = await import("./db/connection");
  openDatabase(env.databaseFile).close();
  await startServices();
}
