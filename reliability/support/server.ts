import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { STANDALONE } from "./standalone";
import { APP_DIR, TEMPLATE_DB, TMP } from "./paths";

export interface StandaloneServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  /** What it printed on stderr only. */
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL for the whole group after `graceMs`; resolves when it has exited. */
  stop: (graceMs?: number) => Promise<number | string>;
}

export const TEST_SECRET = crypto.randomBytes(32).toString("base64");

/** A fresh copy of the seeded template database in its own folder (a "volume"). */
export function copyTemplate(name: string): string {
  const dir = path.join(TMP, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "chartroom.db");
  fs.copyFileSync(TEMPLATE_DB, file);
  return file;
}

/**
 * `node server.js` in the assembled standalone folder (as the Docker image runs it), in its own
 * process group so a stop takes everything it started.
 */
export function launch(
  port: number,
  env: Record<string, string | undefined> & { NODE_ENV?: "production" },
  options: { cwd?: string; command?: string[]; wrap?: string[] } = {},
): StandaloneServer {
  const command = options.command ?? [process.execPath, ...STANDALONE.START_COMMAND.slice(1)];
  const [file, ...args] = [...(options.wrap ?? []), ...command] as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: options.cwd ?? APP_DIR,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...STANDALONE.RUNTIME_ENV,
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      AUTH_SECRET: TEST_SECRET,
      BCRYPT_COST: "8",
      NODE_ENV: "production",
      ...env,
    },
  });
  let output = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    stderr: () => stderr,
    exited,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Resolves once `GET /api/health` answers 200; throws with the server's output if it exits. */
export async function waitUntilReady(server: StandaloneServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited during start-up:\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/api/health`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server not ready in ${timeoutMs} ms:\n${server.output()}`);
}

export async function startServer(
  port: number,
  env: Record<string, string | undefined>,
  options?: Parameters<typeof launch>[2],
): Promise<StandaloneServer> {
  const server = launch(port, env, options);
  try {
    await waitUntilReady(server);
  } catch (error) {
    await server.stop(2_000);
    throw error;
  }
  return server;
}

/** The non-empty lines of `text`. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
