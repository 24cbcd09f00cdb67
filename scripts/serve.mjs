// Runs `next start` as a child in this script's own process group and forwards termination signals
// to it. Staying in one group matters: test runners stop a web server by killing its process group
// (with SIGKILL, which no handler sees), and a detached child would be left holding the port.
import { spawn } from "node:child_process";
import path from "node:path";

export function serve(root, { port, hostname }) {
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const args = [next, "start", "--port", String(port)];
  if (hostname) args.push("--hostname", hostname);
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: process.env });
  const stop = (signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
  process.on("exit", () => stop("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}

export function serverSettings() {
  const port = process.env.PORT ?? "3000";
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    console.error(`Invalid PORT "${port}": expected a number from 1 to 65535.`);
    process.exit(1);
  }
  return { port: Number(port), hostname: process.env.HOSTNAME || undefined };
}
