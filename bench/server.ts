// The production build the benchmark measures, and `next start` servers over it. The build lives
// in its own folder (NEXT_DIST_DIR=.next-bench) so a benchmark never clobbers a developer's .next.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { onEarlyExit, runChild, startChild, type Child } from "./processes";

export const DIST_DIR = ".next-bench";
const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "next.config.ts",
  "instrumentation.ts",
  "postcss.config.mjs",
  "package-lock.json",
];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return target.endsWith(".test.ts") ? 0 : stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function buildState(root: string): { current: boolean; builtAt: Date | null } {
  const buildId = path.join(root, DIST_DIR, "BUILD_ID");
  if (!fs.existsSync(buildId)) return { current: false, builtAt: null };
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...SOURCES.map((source) => newestMtime(path.join(root, source))));
  return { current: newest <= built, builtAt: new Date(built) };
}

/**
 * Next.js adds "<distDir>/types/**" entries to tsconfig.json (and reformats it) when it builds into
 * a second dist folder. That edit is a side effect of where the benchmark builds, not a change
 * anyone made: take out only our entries, so an edit someone else made meanwhile survives, and
 * put the original text back when nothing else changed.
 */
function undoTsconfigEdit(file: string, before: string): void {
  const now = fs.readFileSync(file, "utf8");
  if (now === before || before.includes(`${DIST_DIR}/types`)) return;
  let config: { include?: string[] };
  try {
    config = JSON.parse(now) as { include?: string[] };
  } catch {
    return;
  }
  config.include = config.include?.filter((entry) => !entry.startsWith(`${DIST_DIR}/`));
  let original: unknown = null;
  try {
    original = JSON.parse(before);
  } catch {
    // Not plain JSON (comments): keep Next's reformatted text, minus our entries.
  }
  const unchanged = original !== null && JSON.stringify(original) === JSON.stringify(config);
  fs.writeFileSync(file, unchanged ? before : `${JSON.stringify(config, null, 2)}\n`);
}

/** `npm run build` into .next-bench (it first builds the Plotly bundle). */
export async function build(root: string, logFile: string): Promise<void> {
  const tsconfig = path.join(root, "tsconfig.json");
  const before = fs.readFileSync(tsconfig, "utf8");
  const undo = () => undoTsconfigEdit(tsconfig, before);
  const forget = onEarlyExit(undo);
  try {
    await runChild("npm", ["run", "build"], {
      cwd: root,
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
      logFile,
    });
  } finally {
    forget();
    undo();
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function freePort(from = 3200, to = 3299): Promise<number> {
  for (let port = from; port <= to; port++) if (await portIsFree(port)) return port;
  throw new Error(`no free port in ${from}-${to}`);
}

export interface Server {
  url: string;
  port: number;
  startupMs: number;
  stop: () => Promise<void>;
}

/** `next start` over the bench build and `databaseFile`, resolved once it answers "/" with 200. */
export async function startServer(root: string, databaseFile: string, logFile: string): Promise<Server> {
  const port = await freePort();
  const started = Date.now();
  const child: Child = startChild(
    process.execPath,
    [
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(port),
      "--hostname",
      "127.0.0.1",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_DIST_DIR: DIST_DIR,
        DATABASE_PATH: databaseFile,
        NEXT_TELEMETRY_DISABLED: "1",
        // The server refuses to start without a session secret; a throwaway one per benchmark
        // server is enough, since no session outlives it.
        ...(process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET
          ? {}
          : { AUTH_SECRET: crypto.randomBytes(32).toString("base64") }),
      },
      logFile,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void child.exited.then(() => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`next start exited early; see ${logFile}`);
      if (Date.now() - started > 120_000)
        throw new Error(`next start did not answer in 120 s; see ${logFile}`);
      try {
        const response = await fetch(`${url}/`);
        await response.arrayBuffer();
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { url, port, startupMs: Date.now() - started, stop: () => child.stop() };
}
