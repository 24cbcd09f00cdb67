import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";
import { onShutdown, runShutdownHooks } from "./shutdown";

const quietLog = () => {
  const lines: string[] = [];
  const logger = createLogger(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, lines };
};

describe("shutdown hooks", () => {
  it("run newest first, each bounded by the timeout, and a failing or hanging hook does not stop the others", async () => {
    const ran: string[] = [];
    const { logger, lines } = quietLog();
    const off = [
      onShutdown("database", () => void ran.push("database")),
      onShutdown("jobs", async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        ran.push("jobs");
      }),
      onShutdown("hangs", () => new Promise<void>(() => {})),
      onShutdown("fails", () => {
        throw new Error("worker pool already gone");
      }),
    ];
    const started = Date.now();
    await runShutdownHooks(logger, 200);
    expect(ran).toEqual(["jobs", "database"]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines.join("")).toContain("shutdown hook timed out");
    expect(lines.join("")).toContain("worker pool already gone");
    off.forEach((unregister) => unregister());
  });

  it("an unregistered hook does not run", async () => {
    const ran: string[] = [];
    const off = onShutdown("live feed", () => void ran.push("live feed"));
    off();
    await runShutdownHooks(quietLog().logger, 100);
    expect(ran).toEqual([]);
  });
});
