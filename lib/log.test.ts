import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

describe("log", () => {
  it("redacts passwords, session tokens, cookies and Authorization headers wherever they appear", async () => {
    const { logger, lines } = capture();
    const secrets = {
      password: "hunter2-top",
      user: { name: "bob", password: "hunter2-nested", passwordHash: "$2b$12$abcdefghijklmnop" },
      token: "tok-123456",
      sessionToken: "eyJhbGciOiJkaXIi-session",
      headers: { cookie: "next-auth.session-token=abc123cookie", authorization: "Bearer sekret-bearer" },
      req: {
        headers: {
          cookie: "next-auth.session-token=deep-cookie",
          Authorization: "Basic deep-basic",
          "set-cookie": "sid=set-cookie-value",
        },
      },
    };
    logger.info(secrets, "login attempt");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const value of [
      "hunter2-top",
      "hunter2-nested",
      "$2b$12$abcdefghijklmnop",
      "tok-123456",
      "eyJhbGciOiJkaXIi-session",
      "abc123cookie",
      "sekret-bearer",
      "deep-cookie",
      "deep-basic",
      "set-cookie-value",
    ])
      expect(line).not.toContain(value);
    const logged = JSON.parse(line) as {
      user: { name: string; password: string };
      req: { headers: { cookie: string } };
      msg: string;
    };
    // What is not secret stays readable.
    expect(logged.user.name).toBe("bob");
    expect(logged.user.password).toBe(REDACTED);
    expect(logged.req.headers.cookie).toBe(REDACTED);
    expect(logged.msg).toBe("login attempt");
  });

  it("writes one JSON object per line with an ISO time and a named level", async () => {
    const { logger, lines } = capture();
    logger.child({ requestId: "req-12345678" }).warn({ status: 503 }, "health check failed");
    await new Promise((resolve) => setImmediate(resolve));
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: "warn",
      requestId: "req-12345678",
      status: 503,
      msg: "health check failed",
    });
    expect(String(entry.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
