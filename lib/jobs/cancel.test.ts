import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase as createTempDatabase } from "../auth/test-db";
import { insertUser } from "./test-fixtures";
import { wholeDemoPeriod } from "../overview/filters";

// Cancelling a real export mid-way: the process's queue and worker threads over a temporary
// database large enough that the export is still writing when the cancel arrives.
const temp = createTempDatabase("jobs-cancel");
const { getDb } = await import("../db");
const { generateDemoData } = await import("../../db/demo-data");
const data = await import("../data/jobs");
const { getJobQueue, startJobQueue } = await import("./queue-instance");
const { exportFilePath } = await import("./runner");

let owner: number;

beforeAll(() => {
  generateDemoData(getDb(), { rows: 150_000 });
  owner = insertUser(getDb(), "erin");
});
afterAll(() => temp.cleanup());

const statusOf = (id: number) =>
  getDb().prepare("SELECT status, progress FROM jobs WHERE id = ?").get(id) as {
    status: string;
    progress: number;
  };

describe("cancelling a running export", () => {
  it("stops the worker, marks the job cancelled, removes the partial file and runs the next job", async () => {
    const filters = wholeDemoPeriod("week");
    const exportId = (await data.insertJob({
      kind: "export",
      ownerId: owner,
      params: { filters },
      label: "all",
    }))!;
    const forecastId = (await data.insertJob({ kind: "forecast", ownerId: owner, params: {}, label: "f" }))!;
    await startJobQueue();
    await expect
      .poll(() => statusOf(exportId).progress, { timeout: 20_000, interval: 20 })
      .toBeGreaterThan(2);
    expect(statusOf(exportId).status).toBe("running");
    expect(fs.existsSync(exportFilePath(exportId))).toBe(true);

    expect(await getJobQueue().cancel({ id: exportId, ownerId: owner })).toBe(true);
    expect(statusOf(exportId).status).toBe("cancelled");
    // The worker stops at its next chunk; then the partial file goes and the queued forecast runs.
    await expect.poll(() => fs.existsSync(exportFilePath(exportId)), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => statusOf(forecastId).status, { timeout: 20_000 }).toBe("succeeded");
    expect(statusOf(exportId)).toMatchObject({ status: "cancelled" });
    expect(getDb().prepare("SELECT file_name FROM jobs WHERE id = ?").pluck().get(exportId)).toBeNull();
  });
});
