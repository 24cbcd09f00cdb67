// Authentication costs as a client pays them: the demo users created in the bench database the way
// `npm run demo` creates them, and a scripted next-auth credentials login (GET /api/auth/csrf, then
// POST /api/auth/callback/credentials with json=true) against the running production server.
import { performance } from "node:perf_hooks";
import path from "node:path";
import Database from "better-sqlite3";
import { loginErrorMessage, WRONG_CREDENTIALS } from "../lib/auth/login-messages";
import { runChild } from "./processes";
import { summarize, type Summary } from "./stats";

/** The demo admin; its hash is made at the default BCRYPT_COST (12), what production pays. */
export const BENCH_LOGIN = { username: "alice", password: "secret123" };
/** Wrong-password attempts go to the demo viewer, so they never touch the measured user's counter. */
const FAILED_LOGIN = { username: "bob", password: "wrong-password" };
// The limiter blocks a username or an address after 5 failures in 15 minutes, and the server sees
// every request here as 127.0.0.1; 4 stays under it. Failures are cleared before each run.
const FAILED_ATTEMPTS = 4;

export interface LoginTimes {
  /** The first login after server start-up (module loading), not in the summaries. */
  firstMs: number;
  /** GET csrf + POST callback, end to end. */
  ok: Summary;
  /** The POST alone (where the bcrypt check runs). */
  okPost: Summary;
  failed: Summary;
  /** GET / without a cookie, with alice's session cookie, and GET /dashboard (protected) with it. */
  pages: { anonymous: Summary; signedIn: Summary; protectedPage: Summary };
}

/**
 * `db/cli.ts demo-users` (alice and bob, skipped when present) with BCRYPT_COST unset, so the hash
 * gets the default cost; then forgets earlier runs' failed logins, which would otherwise add up
 * to a lockout. Returns the cost in the login user's stored hash.
 */
export async function ensureDemoUsers(root: string, databaseFile: string, logFile: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databaseFile };
  delete env.BCRYPT_COST;
  await runChild(
    process.execPath,
    [
      path.join(root, "node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      "db/cli.ts",
      "demo-users",
    ],
    { cwd: root, env, logFile },
  );
  const db = new Database(databaseFile);
  try {
    db.prepare("DELETE FROM login_failures").run();
    const hash = db
      .prepare("SELECT password_hash FROM users WHERE username = ?")
      .pluck()
      .get(BENCH_LOGIN.username) as string | undefined;
    return Number(/^\$2[aby]?\$(\d+)\$/.exec(hash ?? "")?.[1] ?? Number.NaN);
  } finally {
    db.close();
  }
}

/** A cookie jar just big enough for next-auth: name=value pairs from Set-Cookie. */
class Cookies {
  private jar = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
  }
  get(name: string): string | undefined {
    return this.jar.get(name);
  }
  header(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

interface Attempt {
  totalMs: number;
  postMs: number;
  ok: boolean;
  cookies: Cookies;
  error: string | null;
}

async function login(baseUrl: string, username: string, password: string): Promise<Attempt> {
  const cookies = new Cookies();
  const started = performance.now();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  cookies.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf answered ${csrf.status} without a csrfToken`);
  const postStarted = performance.now();
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.header() },
    body: new URLSearchParams({ username, password, csrfToken, callbackUrl: "/", json: "true" }),
  });
  cookies.take(response);
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const ended = performance.now();
  const error = body.url ? new URL(body.url, baseUrl).searchParams.get("error") : `HTTP ${response.status}`;
  const ok = error === null && cookies.get("next-auth.session-token") !== undefined;
  return { totalMs: ended - started, postMs: ended - postStarted, ok, cookies, error };
}

async function timeGet(url: string, cookie?: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return performance.now() - started;
}

export async function measureLogin(baseUrl: string, logins: number, pageLoads: number): Promise<LoginTimes> {
  const first = await login(baseUrl, BENCH_LOGIN.username, BENCH_LOGIN.password);
  if (!first.ok) throw new Error(`login as ${BENCH_LOGIN.username} failed: ${first.error}`);
  const attempts: Attempt[] = [];
  for (let i = 0; i < logins; i++) {
    const attempt = await login(baseUrl, BENCH_LOGIN.username, BENCH_LOGIN.password);
    if (!attempt.ok) throw new Error(`login ${i + 1} as ${BENCH_LOGIN.username} failed: ${attempt.error}`);
    attempts.push(attempt);
  }
  const failed: number[] = [];
  for (let i = 0; i < FAILED_ATTEMPTS; i++) {
    const attempt = await login(baseUrl, FAILED_LOGIN.username, FAILED_LOGIN.password);
    // next-auth puts the authorize() error's message in ?error=; that is the app's own wording.
    if (attempt.ok || loginErrorMessage(attempt.error) !== WRONG_CREDENTIALS)
      throw new Error(`a wrong password ended with ${attempt.ok ? "a session" : attempt.error}`);
    failed.push(attempt.totalMs);
  }

  // Same page with and without a session: the difference is the token check, the session check
  // and the navbar's signed-in variant. Interleaved so load on the shared machine hits both alike.
  const session = `next-auth.session-token=${attempts.at(-1)!.cookies.get("next-auth.session-token")}`;
  await timeGet(`${baseUrl}/`);
  await timeGet(`${baseUrl}/`, session);
  await timeGet(`${baseUrl}/dashboard`, session);
  const anonymous: number[] = [];
  const signedIn: number[] = [];
  const protectedPage: number[] = [];
  for (let i = 0; i < pageLoads; i++) {
    anonymous.push(await timeGet(`${baseUrl}/`));
    signedIn.push(await timeGet(`${baseUrl}/`, session));
    protectedPage.push(await timeGet(`${baseUrl}/dashboard`, session));
  }
  return {
    firstMs: first.totalMs,
    ok: summarize(attempts.map((a) => a.totalMs)),
    okPost: summarize(attempts.map((a) => a.postMs)),
    failed: summarize(failed),
    pages: {
      anonymous: summarize(anonymous),
      signedIn: summarize(signedIn),
      protectedPage: summarize(protectedPage),
    },
  };
}
