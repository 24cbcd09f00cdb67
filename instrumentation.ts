// Runs once when the server starts: refuse to serve production without a strong session secret,
// and bring the database schema up to date before the first request, so a broken DATABASE_PATH or
// a failing migration stops start-up with a clear error. Datasets a crash left half-imported are
// removed then too. Then background jobs that a crash or restart cut off are marked failed and the
// job queue resumes with the queued ones (lib/jobs/queue-instance.ts), and the in-process services start
// (request timing, the live feed when LIVE_FEED=on).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertProductionReady, startServices } = await import("./lib/startup");
  assertProductionReady();
  const { env } = await import("./lib/env");
  const { openDatabase } = await import("./db/connection");
  const { removeUnfinishedImports } = await import("./lib/datasets/cleanup");
  const db = openDatabase(env.databaseFile);
  try {
    removeUnfinishedImports(db);
  } finally {
    db.close();
  }
  if (!env.isBuild) {
    const { startJobQueue } = await import("./lib/jobs/queue-instance");
    await startJobQueue();
  }
  await startServices();
}
