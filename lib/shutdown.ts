import "server-only";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "pino";

// Graceful shutdown. On SIGTERM (docker stop, systemd, Kubernetes) or SIGINT the server stops
// accepting connections, lets in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_MS), runs the
// shutdown hooks (background work registered with onShutdown, newest first, the database last)
// and exits 0. Next.js's own handler (start-server.js) would also drain, but it exits 143 without
// running our hooks, so the launchers set NEXT_MANUAL_SIG_HANDLE=true and this module handles the
// signals instead (installed from instrumentation.ts).

export type ShutdownHook = () => void | Promise<void>;

interface Lifecycle {
  hooks: { name: string; run: ShutdownHook }[];
  servers: Set<Server>;
  inflight: Set<ServerResponse>;
  drained: (() => void) | null;
  shutdown: Promise<void> | null;
  installed: boolean;
}

// On globalThis: instrumentation.ts and the app's route bundles are separate bundles, and a hook
// registered from either must land in the same list.
const globalForShutdown = globalThis as typeof globalThis & { chartroomLifecycle?: Lifecycle };
const lifecycle: Lifecycle = (globalForShutdown.chartroomLifecycle ??= {
  hooks: [],
  servers: new Set(),
  inflight: new Set(),
  drained: null,
  shutdown: null,
  installed: false,
});

/**
 * Registers work to stop cleanly before the process exits (stop a worker pool, close a live feed).
 * Hooks run newest first, each bounded by the shutdown timeout; a failing hook is logged and the
 * others still run. Returns a function that unregisters the hook.
 */
export function onShutdown(name: string, run: ShutdownHook): () => void {
  const entry = { name, run };
  lifecycle.hooks.push(entry);
  return () => {
    lifecycle.hooks = lifecycle.hooks.filter((hook) => hook !== entry);
  };
}

/** True once a shutdown has begun: long-running work can stop early and new work can be refused. */
export function isShuttingDown(): boolean {
  return lifecycle.shutdown !== null;
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<"done" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  return Promise.race([work.then(() => "done" as const), timeout]).finally(() => clearTimeout(timer));
}

/** Runs every registered hook, newest first, each bounded by `timeoutMs`. */
export async function runShutdownHooks(log: Logger, timeoutMs: number): Promise<void> {
  for (const hook of [...lifecycle.hooks].reverse()) {
    try {
      const outcome = await withTimeout(Promise.resolve().then(hook.run), timeoutMs);
      if (outcome === "timeout") log.warn({ hook: hook.name, timeoutMs }, "shutdown hook timed out");
    } catch (err) {
      log.error({ hook: hook.name, err }, "shutdown hook failed");
    }
  }
}

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/**
 * Tracks the HTTP server and its in-flight requests through Node's http diagnostics channels (the
 * server object belongs to Next.js; these channels are how Node exposes it without patching), and
 * handles SIGTERM/SIGINT. `onRequestEnd` sees every finished response (the access log).
 */
export function installGracefulShutdown(options: {
  log: Logger;
  timeoutMs: number;
  /** False under `next dev`, whose own handler also stops its file watchers and HMR. */
  handleSignals: boolean;
  onRequestEnd?: (request: IncomingMessage, response: ServerResponse, durationMs: number) => void;
}): void {
  if (lifecycle.installed) return;
  lifecycle.installed = true;
  const { log, timeoutMs, onRequestEnd, handleSignals } = options;
  const started = new WeakMap<ServerResponse, number>();

  diagnostics.subscribe("http.server.request.start", (message) => {
    const { response, server } = message as RequestStart;
    lifecycle.servers.add(server);
    lifecycle.inflight.add(response);
    started.set(response, performance.now());
    // "close" also covers a client that disconnects before the response finishes.
    response.once("close", () => {
      lifecycle.inflight.delete(response);
      if (lifecycle.inflight.size === 0) lifecycle.drained?.();
    });
    // A response finishing during shutdown must not hold its keep-alive connection open.
    if (lifecycle.shutdown) response.setHeader("Connection", "close");
  });
  diagnostics.subscribe("http.server.response.finish", (message) => {
    const { request, response } = message as RequestStart;
    const start = started.get(response);
    if (start !== undefined) onRequestEnd?.(request, response, performance.now() - start);
  });

  const shutdown = (signal: NodeJS.Signals) => {
    lifecycle.shutdown ??= (async () => {
      // Repeated signals (a launcher forwarding the one its process group also got) change nothing:
      // the drain is bounded by timeoutMs anyway.
      log.info({ signal, inflight: lifecycle.inflight.size }, "shutting down");
      for (const server of lifecycle.servers) {
        server.close();
        server.closeIdleConnections();
      }
      if (lifecycle.inflight.size > 0) {
        const drained = new Promise<void>((resolve) => (lifecycle.drained = resolve));
        if ((await withTimeout(drained, timeoutMs)) === "timeout") {
          log.warn({ inflight: lifecycle.inflight.size, timeoutMs }, "in-flight requests cut off");
          for (const server of lifecycle.servers) server.closeAllConnections();
        }
      }
      await runShutdownHooks(log, timeoutMs);
      log.info("shutdown complete");
      process.exit(0);
    })();
  };
  if (!handleSignals) return;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // Launchers set NEXT_MANUAL_SIG_HANDLE; when one did not (a bare `next start`), Next.js has
    // already installed its own handler (start-server.js, named "cleanup"), which would race this
    // one and exit 143 before the hooks run.
    if (!process.env.NEXT_MANUAL_SIG_HANDLE)
      for (const listener of process.listeners(signal))
        if (listener.name === "cleanup") process.off(signal, listener);
    process.on(signal, shutdown);
  }
}
