// Runs once when the server starts, before the first request (lib/server-process.ts): validate the
// configuration, refuse to serve production without a strong session secret, bring the database
// schema up to date, and install the access log and graceful shutdown. A bad setting, a broken
// DATABASE_PATH or a failing migration stops start-up with ONE clear line on stderr and exit 1.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerProcess } = await import("./lib/server-process");
  await startServerProcess();
}
