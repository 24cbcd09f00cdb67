// Child process of bench/run.ts: times the per-request session check in-process against the
// database named by DATABASE_PATH (lib/env.ts reads it at import time) and prints one JSON object
// (SessionTimes) on the last line of stdout. Needs AUTH_SECRET for the token round trip.
import { performance } from "node:perf_hooks";
import { encode } from "next-auth/jwt";
import { readSessionClaims, type SessionClaims } from "../lib/auth/config";
import { verifyPassword } from "../lib/auth/password";
import { checkSession, invalidateSessionCache } from "../lib/auth/session-check";
import { getUserCredentials } from "../lib/auth/users";
import { env } from "../lib/env";
import { BENCH_LOGIN } from "./auth";
import { summarize, type Summary } from "./stats";

export interface SessionTimes {
  username: string;
  /** Cost factor read from the stored hash of BENCH_LOGIN. */
  bcryptCost: number;
  /** One bcrypt.compare of the right password against that hash, in this process. */
  bcryptVerify: Summary;
  /** checkSession() answered from its 2 s cache. */
  warm: Summary;
  /** The same loop timed as a whole, divided by its calls (no per-call timer overhead). */
  warmMeanMs: number;
  /** checkSession() after invalidateSessionCache(): the indexed users + revoked_sessions lookup. */
  cold: Summary;
  /** The first call in a fresh process, which also prepares the statement. */
  firstCallMs: number;
  /** readSessionClaims(): decrypting and validating the session cookie, before checkSession. */
  tokenDecode: Summary;
}

function timeEach(n: number, run: () => unknown, before?: () => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main(): Promise<void> {
  const calls = Number(process.env.BENCH_SESSION_CALLS ?? 2000);
  const coldCalls = Number(process.env.BENCH_SESSION_COLD_CALLS ?? 500);
  const user = getUserCredentials(BENCH_LOGIN.username);
  if (!user) throw new Error(`no user "${BENCH_LOGIN.username}" in ${env.databaseFile}`);
  const bcryptCost = Number(/^\$2[aby]?\$(\d+)\$/.exec(user.passwordHash)?.[1] ?? Number.NaN);

  const claims: SessionClaims = {
    uid: user.id,
    sv: user.sessionVersion,
    sid: "bench-session",
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  let start = performance.now();
  const first = checkSession(claims);
  const firstCallMs = performance.now() - start;
  if (first?.id !== user.id) throw new Error("checkSession refused a valid session");

  // Warm: a cache hit, as for every request but the first of a session in each 2 s window. The
  // whole loop takes a few milliseconds, far inside the TTL, so every call is a hit.
  for (let i = 0; i < 200; i++) checkSession(claims);
  const warm = timeEach(calls, () => checkSession(claims));
  start = performance.now();
  for (let i = 0; i < calls; i++) checkSession(claims);
  const warmMeanMs = (performance.now() - start) / calls;

  // Cold: the cache emptied before each call (what a user change does, and what the first request
  // after the TTL meets), so each call runs the SQL lookup.
  const cold = timeEach(coldCalls, () => checkSession(claims), invalidateSessionCache);

  // The token check in front of it: next-auth's getToken decrypts the JWE cookie with AUTH_SECRET.
  const token = await encode({
    token: { sub: String(user.id), name: user.username, ...claims },
    secret: process.env.AUTH_SECRET ?? "",
  });
  const request = {
    headers: new Headers({ cookie: `next-auth.session-token=${token}` }),
    cookies: { getAll: () => [{ name: "next-auth.session-token", value: token }] },
  };
  const decoded: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t = performance.now();
    const read = await readSessionClaims(request);
    if (i >= 20) decoded.push(performance.now() - t);
    if (read?.uid !== user.id) throw new Error("readSessionClaims did not accept the bench token");
  }

  const bcrypt: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    if (!(await verifyPassword(BENCH_LOGIN.password, user.passwordHash)))
      throw new Error("the demo password does not verify");
    bcrypt.push(performance.now() - t);
  }

  const result: SessionTimes = {
    username: user.username,
    bcryptCost,
    bcryptVerify: summarize(bcrypt),
    warm: summarize(warm),
    warmMeanMs,
    cold: summarize(cold),
    firstCallMs,
    tokenDecode: summarize(decoded),
  };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
