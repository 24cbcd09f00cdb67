// `npm run bench -- --live`: SSE fan-out of the live page. A production server (the regular .next
// build, made first when missing; LIVE_FEED=on at 5 orders/s) over a small demo database; N clients signed in as the demo
// viewer open /api/live at once. Measured: the server's RSS and CPU with 1 client and with N (per
// extra client), the delivery latency of each event (client receipt minus the producer's publish
// time, both on this machine's clock), and whether every client got every second exactly once.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ensureDemoUsers } from "./auth";
import { runChild, startChild } from "./processes";
import { summarize, type Summary } from "./stats";

export interface FanoutResult {
  clients: number;
  seconds: number;
  baseline: ProcessSample;
  loaded: ProcessSample;
  perClient: { rssKiB: number; cpuPercent: number };
  latencyMs: Summary;
  events: { expectedPerClient: number; received: number; missing: number; duplicates: number };
}

interface ProcessSample {
  rssMiB: number;
  /** CPU time of the server's process group over the window, as % of one core. */
  cpuPercent: number;
}

const PORT = Number(process.env.LIVE_BENCH_PORT ?? 3503);
const BASE = `http://127.0.0.1:${PORT}`;

/** Every process of a process group (next start and the next-server it starts). */
function groupPids(pgid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function groupUsage(pgid: number): { cpuTicks: number; rssKiB: number } {
  let cpuTicks = 0;
  let rssKiB = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      cpuTicks += Number(fields[11]) + Number(fields[12]); // utime + stime
      rssKiB += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return { cpuTicks, rssKiB };
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

async function sampleProcess(pgid: number, seconds: number): Promise<ProcessSample> {
  const before = groupUsage(pgid);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = groupUsage(pgid);
  const elapsed = (Date.now() - started) / 1000;
  return {
    rssMiB: after.rssKiB / 1024,
    cpuPercent: ((after.cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / elapsed) * 100,
  };
}

async function logInCookie(): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ ...BENCH_VIEWER, csrfToken, json: "true" }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`login failed (${response.status})`);
  return session;
}

// Viewers: the stream without the admin health events, as most clients would be.
const BENCH_VIEWER = { username: "bob", password: "pa$$w0rd" };

interface Client {
  ids: number[];
  latencies: number[];
  close: () => void;
}

function openClient(cookie: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = { ids: [], latencies: [], close: () => request.destroy() };
    const request = http.get(
      `${BASE}/api/live`,
      { headers: { cookie, accept: "text/event-stream" }, agent: false },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk: string) => {
          const now = Date.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!block.includes("event: point") || !data) continue;
            const point = JSON.parse(data) as { id: number; at?: number };
            client.ids.push(point.id);
            // Replayed history has no publish time; only live events measure delivery.
            if (point.at !== undefined) client.latencies.push(now - point.at);
          }
        });
        resolve(client);
      },
    );
    request.on("error", reject);
  });
}

export async function measureLiveFanout(
  root: string,
  workDir: string,
  options: { clients: number; seconds: number },
): Promise<FanoutResult> {
  const database = path.join(workDir, "live-fanout.db");
  const env = { ...process.env, DATABASE_PATH: database, DEMO_ROWS: "10000", NEXT_TELEMETRY_DISABLED: "1" };
  const tsx = [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "db/cli.ts"];
  await runChild(process.execPath, [...tsx, "seed"], {
    cwd: root,
    env,
    logFile: path.join(workDir, "live-fanout.log"),
  });
  await ensureDemoUsers(root, database, path.join(workDir, "live-fanout.log"));

  const server = startChild(
    process.execPath,
    [
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "--port",
      String(PORT),
      "--hostname",
      "127.0.0.1",
    ],
    {
      cwd: root,
      env: {
        ...env,
        NODE_ENV: "production",
        LIVE_FEED: "on",
        LIVE_ORDERS_PER_SECOND: "5",
        AUTH_SECRET: "live-fanout-benchmark-throwaway-secret-0123456789",
      },
      logFile: path.join(workDir, "live-fanout-server.log"),
    },
  );
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${BASE}/api/health`)).ok) break;
      } catch {
        // starting
      }
      if (Date.now() > deadline) throw new Error("the server did not start");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const cookie = await logInCookie();
    const first = await openClient(cookie);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const baseline = await sampleProcess(server.pid, options.seconds);

    const clients = [first];
    for (let i = 1; i < options.clients; i++) clients.push(await openClient(cookie));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const marks = clients.map((client) => ({ ids: client.ids.length, latencies: client.latencies.length }));
    const loaded = await sampleProcess(server.pid, options.seconds);
    const windowIds = clients.map((client, i) => client.ids.slice(marks[i]!.ids));
    const latencies = clients.flatMap((client, i) => client.latencies.slice(marks[i]!.latencies));
    for (const client of clients) client.close();

    // Every client should have the same consecutive seconds in the window: count misses and repeats.
    const lowest = Math.min(...windowIds.map((ids) => ids[0] ?? Number.POSITIVE_INFINITY));
    const highest = Math.max(...windowIds.map((ids) => ids.at(-1) ?? 0));
    let missing = 0;
    let duplicates = 0;
    for (const client of clients) {
      duplicates += client.ids.length - new Set(client.ids).size;
      const have = new Set(client.ids);
      for (let id = lowest; id <= highest; id++) if (!have.has(id)) missing++;
    }
    const extra = options.clients - 1;
    return {
      clients: options.clients,
      seconds: options.seconds,
      baseline,
      loaded,
      perClient: {
        rssKiB: ((loaded.rssMiB - baseline.rssMiB) * 1024) / extra,
        cpuPercent: (loaded.cpuPercent - baseline.cpuPercent) / extra,
      },
      latencyMs: summarize(latencies),
      events: {
        expectedPerClient: highest - lowest + 1,
        received: windowIds.reduce((sum, ids) => sum + ids.length, 0),
        missing,
        duplicates,
      },
    };
  } finally {
    await server.stop();
  }
}

export function fanoutReport(result: FanoutResult, command: string, when: Date): string {
  const f = (n: number, digits = 1) => n.toFixed(digits);
  return [
    "# Live fan-out benchmark",
    "",
    `Command: \`${command}\` (${when.toISOString()}), ${result.clients} SSE clients signed in as a viewer,`,
    `${result.seconds} s measured per phase, live feed at 5 orders/s. CPU is the server's process group`,
    "(user + system time) as % of one core; RSS is the group's resident memory.",
    "",
    "| | 1 client | " + result.clients + " clients | per extra client |",
    "| --- | --- | --- | --- |",
    `| Server RSS | ${f(result.baseline.rssMiB)} MiB | ${f(result.loaded.rssMiB)} MiB | ${f(result.perClient.rssKiB)} KiB |`,
    `| Server CPU | ${f(result.baseline.cpuPercent)} % | ${f(result.loaded.cpuPercent)} % | ${f(result.perClient.cpuPercent, 3)} % |`,
    "",
    `Event delivery latency (client receipt minus publish time, ${result.latencyMs.n} events): p50 ${f(result.latencyMs.p50)} ms, p95 ${f(result.latencyMs.p95)} ms, max ${f(result.latencyMs.max)} ms.`,
    "",
    `Seconds per client in the window: ${result.events.expectedPerClient}; events received ${result.events.received}, missing ${result.events.missing}, duplicated ${result.events.duplicates}.`,
    "",
  ].join("\n");
}
