import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { createRandom, generateDemoData } from "../../db/demo-data";
import type { LivePoint } from "./protocol";

// The live feed against a real SQLite file. Expected values come from SQL written here over
// live_orders, or from hand-counted fixtures, never from the code under test.

let dir: string;
let db: Database.Database;
let live: {
  createLiveWriter: typeof import("./simulator").createLiveWriter;
  getLivePoints: typeof import("./points").getLivePoints;
  LiveProducer: typeof import("./producer").LiveProducer;
  openLiveStream: typeof import("./stream").openLiveStream;
};

const T0 = Date.parse("2026-03-01T12:00:00Z");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "chartroom-live-"));
  const file = path.join(dir, "test.db");
  db = openDatabase(file);
  generateDemoData(db, { rows: 1_000 });
  process.env.DATABASE_PATH = file;
  live = {
    ...(await import("./simulator")),
    ...(await import("./points")),
    ...(await import("./producer")),
    ...(await import("./stream")),
  };
});

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const clear = () => db.prepare("DELETE FROM live_orders").run();
const count = (where = "1", ...params: unknown[]) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM live_orders WHERE ${where}`).get(...params) as { n: number }).n;

describe("live simulator", () => {
  it("inserts orders at the configured rate, timed inside each tick, for the UTC day", () => {
    clear();
    const writer = live.createLiveWriter(db, 5, createRandom(7));
    for (let i = 0; i < 10; i++) expect(writer.tick(T0 + i * 1000, T0 + (i + 1) * 1000)).toBe(5);
    expect(count()).toBe(50);
    for (let i = 0; i < 10; i++)
      expect(count("created_at > ? AND created_at <= ?", T0 + i * 1000, T0 + (i + 1) * 1000)).toBe(5);
    expect(count("day = '2026-03-01'")).toBe(50);
    // Every row references a real store and product, with sane figures.
    expect(
      count(
        "store_id IN (SELECT id FROM stores) AND product_id IN (SELECT id FROM products) AND revenue > 0 AND cost < revenue AND quantity BETWEEN 1 AND 3",
      ),
    ).toBe(50);
  });

  it("keeps a fractional rate exact on average by carrying the remainder", () => {
    clear();
    const writer = live.createLiveWriter(db, 0.5, createRandom(1));
    const inserted = Array.from({ length: 6 }, (_, i) => writer.tick(T0 + i * 1000, T0 + (i + 1) * 1000));
    expect(inserted).toEqual([0, 1, 0, 1, 0, 1]);
    // A late tick (3 s) catches up instead of losing orders, stamped within its last second so a
    // second already published never changes.
    clear();
    expect(live.createLiveWriter(db, 2, createRandom(1)).tick(T0, T0 + 3000)).toBe(6);
    expect(count("created_at > ? AND created_at <= ?", T0 + 2000, T0 + 3000)).toBe(6);
  });

  it("deletes live orders older than a day in the same transaction", () => {
    clear();
    const insert = db.prepare(
      "INSERT INTO live_orders (day, store_id, product_id, channel, quantity, revenue, cost, created_at) VALUES (?, 1, 1, 'Online', 1, 10, 5, ?)",
    );
    insert.run("2026-02-28", T0 - 86_400_000 - 1);
    insert.run("2026-02-28", T0 - 86_400_000 + 5_000);
    live.createLiveWriter(db, 1, createRandom(3)).tick(T0, T0 + 1000);
    expect(count("created_at < ?", T0 - 86_400_000)).toBe(0);
    expect(count("created_at = ?", T0 - 86_400_000 + 5_000)).toBe(1);
    expect(count()).toBe(2);
  });
});

/** Independent expectation: orders in each second and revenue of the 60 s ending with it. */
function expectedPoint(sec: number): LivePoint {
  const row = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM live_orders WHERE created_at >= ? AND created_at < ?) AS orders,
              (SELECT COALESCE(SUM(revenue), 0) FROM live_orders WHERE created_at >= ? AND created_at < ?) AS revenue`,
    )
    .get(sec * 1000, (sec + 1) * 1000, (sec - 59) * 1000, (sec + 1) * 1000) as {
    orders: number;
    revenue: number;
  };
  return { id: sec, orders: row.orders, revenuePerMinute: Math.round(row.revenue * 100) / 100 };
}

describe("live points", () => {
  it("gives one point per second, zeros included, equal to SQL over live_orders", async () => {
    clear();
    const writer = live.createLiveWriter(db, 3, createRandom(11));
    for (let i = 0; i < 120; i++) if (i < 50 || i > 70) writer.tick(T0 + i * 1000, T0 + (i + 1) * 1000);
    const from = T0 / 1000 + 30;
    const points = await live.getLivePoints(from, from + 89);
    expect(points.map((p) => p.id)).toEqual(Array.from({ length: 90 }, (_, i) => from + i));
    for (const point of points) {
      const expected = expectedPoint(point.id);
      expect(point.orders, `orders at ${point.id}`).toBe(expected.orders);
      expect(point.revenuePerMinute, `revenue/min at ${point.id}`).toBeCloseTo(expected.revenuePerMinute, 2);
    }
    expect(points.some((p) => p.orders === 0)).toBe(true);
  });
});

/** Reads SSE events from a stream until `until` says stop (or 2 s pass). */
async function readEvents(
  stream: ReadableStream<Uint8Array>,
  until: (events: { event: string; id?: number; data: unknown }[]) => boolean,
  waitMs = 2_000,
) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; id?: number; data: unknown }[] = [];
  let buffer = "";
  const deadline = Date.now() + waitMs;
  while (!until(events) && Date.now() < deadline) {
    const next = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 100)),
    ]);
    if (next === null) continue;
    if (next.done) break;
    buffer += decoder.decode(next.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(
        block
          .split("\n")
          .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
      );
      if (fields.data !== undefined)
        events.push({
          event: fields.event ?? "message",
          id: fields.id === undefined ? undefined : Number(fields.id),
          data: JSON.parse(fields.data),
        });
    }
  }
  reader.releaseLock();
  return events;
}

describe("live stream resume", () => {
  it("replays the missed seconds after a reconnect: no duplicates, no gaps, equal to SQL", async () => {
    clear();
    let now = T0 + 400_000;
    const writer = live.createLiveWriter(db, 4, createRandom(5));
    for (let t = T0; t < now; t += 1000) writer.tick(t, t + 1000);
    const producer = new live.LiveProducer({ now: () => now, manual: true });
    const open = (since: number | null) => {
      const abort = new AbortController();
      const stream = live.openLiveStream({
        since,
        health: false,
        signal: abort.signal,
        stillAllowed: async () => true,
        producer,
      });
      return { stream, abort };
    };

    // First connection: the window's worth of history, ending at the published watermark.
    const first = open(null);
    const watermark = producer.watermark;
    let events = await readEvents(first.stream, (e) => e.length >= 300);
    expect(events[0]!.id).toBe(watermark - 299);
    // Three live seconds arrive, then the client drops (tab hidden, server restart...).
    for (let i = 0; i < 3; i++) {
      writer.tick(now, now + 1000);
      now += 1000;
      await producer.tick();
    }
    events = events.concat(await readEvents(first.stream, (e) => e.length >= 3));
    first.abort.abort();
    const seen = events.map((e) => e.id!);
    const lastId = seen[seen.length - 1]!;
    expect(lastId).toBe(watermark + 3);

    // Ten seconds pass unseen; the client resumes from its last id.
    for (let i = 0; i < 10; i++) {
      writer.tick(now, now + 1000);
      now += 1000;
      await producer.tick();
    }
    const second = open(lastId);
    const resumed = await readEvents(second.stream, (e) => e.length >= 10);
    writer.tick(now, now + 1000);
    now += 1000;
    await producer.tick();
    const after = await readEvents(second.stream, (e) => e.length >= 1);
    second.abort.abort();

    const all = [...seen, ...resumed.map((e) => e.id!), ...after.map((e) => e.id!)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => watermark - 299 + i));
    expect(all[all.length - 1]).toBe(watermark + 14);
    for (const event of [...resumed, ...after]) {
      const data = event.data as LivePoint;
      const expected = expectedPoint(event.id!);
      expect(data.orders).toBe(expected.orders);
      expect(data.revenuePerMinute).toBeCloseTo(expected.revenuePerMinute, 2);
    }
  });

  it("sends nothing a client already has when it resumes ahead of the watermark", async () => {
    const now = T0 + 500_000;
    const producer = new live.LiveProducer({ now: () => now, manual: true });
    const abort = new AbortController();
    const stream = live.openLiveStream({
      since: producer.watermark + 5,
      health: false,
      signal: abort.signal,
      stillAllowed: async () => true,
      producer,
    });
    const events = await readEvents(stream, () => false, 500);
    abort.abort();
    expect(events).toEqual([]);
  });

  it("sends the health events to the streams that asked for them only", async () => {
    const now = T0 + 600_000;
    const snapshot = {
      at: now,
      requestsPerSecond: 1,
      p95Ms: 2,
      cacheHitRate: null,
      eventLoopLagMs: { mean: 0, p99: 0, max: 0 },
      memoryMb: { rss: 1, heapUsed: 1 },
      liveClients: 2,
    };
    const producer = new live.LiveProducer({ now: () => now, manual: true, sampleHealth: () => snapshot });
    const open = (health: boolean) =>
      live.openLiveStream({
        since: producer.watermark,
        health,
        signal: new AbortController().signal,
        stillAllowed: async () => true,
        producer,
      });
    const admin = open(true);
    const viewer = open(false);
    await readEvents(admin, () => false, 500);
    await readEvents(viewer, () => false, 500);
    await producer.tick();
    expect(await readEvents(admin, (e) => e.length >= 1)).toEqual([{ event: "health", data: snapshot }]);
    expect(await readEvents(viewer, () => false, 500)).toEqual([]);
  });
});
