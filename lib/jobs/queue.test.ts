import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTempDatabase as createTempDatabase } from "../auth/test-db";
import { insertUser } from "./test-fixtures";

// The queue against a real temporary database with a fake runner the test drives by hand: which
// jobs start, in what order, how many at once, and what cancel and a restart leave behind.
const temp = createTempDatabase("jobs-queue");
const { getDb } = await import("../db");
const data = await import("../data/jobs");
const { JobQueue } = await import("./queue");
type RunOutcome = import("./queue").RunOutcome;

interface FakeRun {
  id: number;
  finish: (outcome: RunOutcome) => void;
  progress: (value: number, message: string) => void;
  cancelled: boolean;
}

let started: FakeRun[] = [];
let running = 0;
let maxRunning = 0;
const notified: number[] = [];

function fakeQueue(concurrency: number, stopsAtOnce = true) {
  return new JobQueue(
    (job, onProgress) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      let finish!: (outcome: RunOutcome) => void;
      const done = new Promise<RunOutcome>((resolve) => (finish = resolve)).finally(() => running--);
      const run: FakeRun = { id: job.id, finish, progress: onProgress, cancelled: false };
      started.push(run);
      return {
        done,
        cancel: () => {
          run.cancelled = true;
          if (stopsAtOnce) finish({ ok: false, error: "Cancelled" });
        },
      };
    },
    concurrency,
    (job) => notified.push(job.id),
  );
}

const statusOf = (id: number) =>
  getDb().prepare("SELECT status, progress, message, error FROM jobs WHERE id = ?").get(id) as {
    status: string;
    progress: number;
    message: string;
    error: string | null;
  };

/** Lets queued microtasks (the queue's promise chains) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

let alice: number;
let bob: number;

beforeAll(() => {
  getDb();
  alice = insertUser(getDb(), "alice", "admin");
  bob = insertUser(getDb(), "bob");
});
afterAll(() => temp.cleanup());
beforeEach(() => {
  getDb().exec("DELETE FROM jobs");
  started = [];
  running = 0;
  maxRunning = 0;
  notified.length = 0;
});

async function queueJobs(
  count: number,
  kinds: ("forecast" | "export" | "profile")[] = ["forecast", "export", "profile"],
) {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = await data.insertJob({
      kind: kinds[i % kinds.length]!,
      ownerId: i % 2 ? bob : alice,
      params: {},
      label: `job ${i}`,
    });
    expect(id).not.toBeNull();
    ids.push(id!);
  }
  return ids;
}

describe("job queue", () => {
  it("runs at most `concurrency` jobs at once, starting them in FIFO order", async () => {
    // Kinds cycle and owners alternate, so insertJob's one-active-job-per-kind rule never refuses.
    const ids = await queueJobs(5);
    const queue = fakeQueue(2);
    await queue.pump();
    expect(started.map((run) => run.id)).toEqual(ids.slice(0, 2));
    expect(statusOf(ids[2]!).status).toBe("queued");

    started[0]!.progress(40, "Halfway");
    await settle();
    expect(statusOf(ids[0]!)).toMatchObject({ status: "running", progress: 40, message: "Halfway" });

    started[1]!.finish({ ok: true, result: { n: 1 }, message: "ok" });
    await settle();
    expect(started.map((run) => run.id)).toEqual(ids.slice(0, 3));
    started[0]!.finish({ ok: false, error: "Boom" });
    await settle();
    started[2]!.finish({ ok: true, result: {}, message: "ok" });
    await settle();
    started[3]!.finish({ ok: true, result: {}, message: "ok" });
    await settle();
    started[4]!.finish({ ok: true, result: {}, message: "ok" });
    await settle();

    expect(started.map((run) => run.id)).toEqual(ids);
    expect(maxRunning).toBe(2);
    expect(statusOf(ids[0]!)).toMatchObject({ status: "failed", error: "Boom" });
    expect(statusOf(ids[1]!)).toMatchObject({ status: "succeeded", progress: 100 });
    const stored = getDb().prepare("SELECT result FROM jobs WHERE id = ?").pluck().get(ids[1]) as string;
    expect(JSON.parse(stored)).toEqual({ n: 1 });
  });

  it("with concurrency 1, a second job waits until the first ends", async () => {
    const ids = await queueJobs(2);
    const queue = fakeQueue(1);
    await Promise.all([queue.pump(), queue.pump(), queue.pump()]);
    expect(started.map((run) => run.id)).toEqual([ids[0]]);
    started[0]!.finish({ ok: true, result: {}, message: "ok" });
    await settle();
    expect(started.map((run) => run.id)).toEqual(ids);
    expect(maxRunning).toBe(1);
  });

  it("cancelling a running job stops its work, marks it cancelled and starts the next", async () => {
    const ids = await queueJobs(2);
    const queue = fakeQueue(1);
    await queue.pump();
    expect(await queue.cancel({ id: ids[0]!, ownerId: alice })).toBe(true);
    await settle();
    expect(started[0]!.cancelled).toBe(true);
    expect(statusOf(ids[0]!).status).toBe("cancelled");
    expect(started.map((run) => run.id)).toEqual(ids);
    // A late report from the cancelled run changes nothing.
    started[0]!.progress(90, "late");
    await settle();
    expect(statusOf(ids[0]!)).toMatchObject({ status: "cancelled", message: "Cancelled" });
  });

  it("a cancelled job keeps its slot until its work has really stopped", async () => {
    const ids = await queueJobs(2);
    const queue = fakeQueue(1, false);
    await queue.pump();
    await queue.cancel({ id: ids[0]!, ownerId: alice });
    await settle();
    expect(statusOf(ids[0]!).status).toBe("cancelled");
    expect(started.map((run) => run.id)).toEqual([ids[0]]);
    started[0]!.finish({ ok: false, error: "Cancelled" });
    await settle();
    expect(started.map((run) => run.id)).toEqual(ids);
    expect(maxRunning).toBe(1);
    expect(statusOf(ids[0]!).status).toBe("cancelled");
  });

  it("cancelling a queued job means it never runs; a finished job cannot be cancelled", async () => {
    const ids = await queueJobs(3);
    const queue = fakeQueue(1);
    await queue.pump();
    expect(await queue.cancel({ id: ids[1]!, ownerId: bob })).toBe(true);
    started[0]!.finish({ ok: true, result: {}, message: "ok" });
    await settle();
    expect(started.map((run) => run.id)).toEqual([ids[0], ids[2]]);
    expect(statusOf(ids[1]!).status).toBe("cancelled");
    expect(await queue.cancel({ id: ids[0]!, ownerId: alice })).toBe(false);
    expect(statusOf(ids[0]!).status).toBe("succeeded");
  });

  it("refuses a second active job of the same kind for the same user", async () => {
    expect(await data.insertJob({ kind: "forecast", ownerId: bob, params: {}, label: "a" })).not.toBeNull();
    expect(await data.insertJob({ kind: "forecast", ownerId: bob, params: {}, label: "b" })).toBeNull();
    expect(await data.insertJob({ kind: "forecast", ownerId: alice, params: {}, label: "c" })).not.toBeNull();
    expect(await data.insertJob({ kind: "export", ownerId: bob, params: {}, label: "d" })).not.toBeNull();
  });

  it("after a restart, running jobs are marked failed and queued ones run", async () => {
    const ids = await queueJobs(3);
    // A process that claimed two jobs and then died.
    await fakeQueue(2).pump();
    expect(statusOf(ids[0]!).status).toBe("running");
    expect(statusOf(ids[1]!).status).toBe("running");
    started = [];

    const interrupted = await data.failInterruptedJobs();
    expect(interrupted.sort()).toEqual([ids[0], ids[1]]);
    const count = getDb().prepare("SELECT COUNT(*) FROM jobs WHERE status = 'running'").pluck().get();
    expect(count).toBe(0);
    expect(statusOf(ids[0]!)).toMatchObject({ status: "failed", error: "Interrupted by a server restart" });

    await fakeQueue(1).pump();
    expect(started.map((run) => run.id)).toEqual([ids[2]]);
  });

  it("lists a viewer's own jobs only and every job for an admin", async () => {
    await queueJobs(4);
    const own = await data.listJobs({ id: bob, username: "bob", role: "viewer" });
    expect(own.length).toBe(2);
    expect(own.every((job) => job.ownerId === bob)).toBe(true);
    expect((await data.listJobs({ id: alice, username: "alice", role: "admin" })).length).toBe(4);
    const aliceJob = own[0]!.id - 1;
    expect(await data.getVisibleJob(aliceJob, { id: bob, username: "bob", role: "viewer" })).toBeNull();
  });
});
