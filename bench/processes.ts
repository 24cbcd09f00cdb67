// Every child the benchmark starts runs in its own process group and is registered here, so a
// crash, Ctrl-C or a failed step still stops it: killing only the npx/next PID would leave
// next-server holding the port.
import { spawn, type SpawnOptions } from "node:child_process";
import fs from "node:fs";

const groups = new Set<number>();
const exitHooks = new Set<() => void>();

/** Runs `hook` (synchronously) if the benchmark exits before the returned function is called. */
export function onEarlyExit(hook: () => void): () => void {
  installCleanup();
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

let installed = false;
function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => {
    for (const pid of groups) killGroup(pid, "SIGKILL");
    for (const hook of exitHooks) {
      try {
        hook();
      } catch (error) {
        console.error(error);
      }
    }
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping child processes`);
      process.exit(130);
    });
  }
}

/** Puts a process group someone else started for us (e.g. Chrome from chrome-launcher) under the same cleanup. */
export function adoptGroup(pid: number): () => void {
  installCleanup();
  groups.add(pid);
  return () => groups.delete(pid);
}

export interface Child {
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `command` detached (its own process group), optionally logging stdout+stderr to a file. */
export function startChild(
  command: string,
  args: string[],
  options: SpawnOptions & { logFile?: string; capture?: boolean } = {},
): Child & { output: () => string } {
  installCleanup();
  const { logFile, capture, ...spawnOptions } = options;
  const log = logFile ? fs.openSync(logFile, "a") : null;
  const stdio: SpawnOptions["stdio"] = capture
    ? ["ignore", "pipe", log ?? "inherit"]
    : ["ignore", log ?? "inherit", log ?? "inherit"];
  const child = spawn(command, args, { ...spawnOptions, stdio, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  groups.add(pid);
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      resolve({ code, signal });
    });
    child.on("error", () => resolve({ code: null, signal: null }));
  });
  void exited.then(() => {
    if (log !== null) fs.closeSync(log);
  });
  const stop = async (graceMs = 5000) => {
    killGroup(pid, "SIGTERM");
    const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs));
    if ((await Promise.race([exited.then(() => "exited" as const), timer])) === "timeout")
      killGroup(pid, "SIGKILL");
    // The leader may exit before the rest of its group (next start -> next-server).
    killGroup(pid, "SIGKILL");
    groups.delete(pid);
  };
  return { pid, exited, stop, output: () => stdout };
}

/** Runs a child to completion; rejects with the tail of its log when it fails. */
export async function runChild(
  command: string,
  args: string[],
  options: SpawnOptions & { logFile?: string; capture?: boolean } = {},
): Promise<string> {
  const child = startChild(command, args, options);
  const { code, signal } = await child.exited;
  // Anything it left behind in its group (a browser, a grandchild server) goes with it.
  killGroup(child.pid, "SIGKILL");
  groups.delete(child.pid);
  if (code !== 0) {
    const tail = options.logFile ? fs.readFileSync(options.logFile, "utf8").slice(-2000) : "";
    throw new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})\n${tail}`);
  }
  return child.output();
}
