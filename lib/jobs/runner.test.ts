import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase as createTempDatabase } from "../auth/test-db";
import { insertDataset, insertUser } from "./test-fixtures";

// The real worker threads (lib/jobs/workers/job-worker.mjs) over a real temporary database, checked
// against independent SQL over the raw rows or against values computed by hand from the fixture.
const temp = createTempDatabase("jobs-runner");
const { getDb } = await import("../db");
const { generateDemoData } = await import("../../db/demo-data");
const data = await import("../data/jobs");
const { workerRunner, exportFilePath } = await import("./runner");
type RunOutcome = import("./queue").RunOutcome;
type ForecastResult = import("./workers/forecast.mjs").ForecastResult;
type ProfileResult = import("./workers/profile.mjs").ProfileResult;

let owner: number;

beforeAll(() => {
  generateDemoData(getDb(), { rows: 20_000 });
  owner = insertUser(getDb(), "carol");
});
afterAll(() => temp.cleanup());

/** Queues one job, claims it like the queue does and runs it in a worker thread. */
async function run(kind: "forecast" | "profile" | "export", params: unknown) {
  getDb().exec("DELETE FROM jobs");
  const id = await data.insertJob({ kind, ownerId: owner, params, label: kind });
  const job = (await data.claimNextQueuedJob())!;
  expect(job.id).toBe(id);
  const progress: number[] = [];
  const outcome: RunOutcome = await workerRunner(job, (value) => progress.push(value)).done;
  return { id: id!, outcome, progress };
}

describe("worker runner", () => {
  it("exports exactly the orders SQL selects for the filters, as CSV", async () => {
    const filters = {
      regions: ["South", "West"],
      categories: ["Books"],
      channels: [],
      from: "2024-03-01",
      to: "2025-02-28",
      granularity: "week",
    };
    const { id, outcome, progress } = await run("export", { filters });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const expected = getDb()
      .prepare(
        `SELECT o.id, o.revenue FROM orders o JOIN stores s ON s.id = o.store_id JOIN products p ON p.id = o.product_id
         WHERE o.day BETWEEN '2024-03-01' AND '2025-02-28' AND s.region IN ('South', 'West') AND p.category = 'Books'
         ORDER BY o.day, o.id`,
      )
      .all() as { id: number; revenue: number }[];
    expect(expected.length).toBeGreaterThan(50);
    const lines = fs.readFileSync(exportFilePath(id), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("order_id,day,store,city,region,product,category,channel,quantity,revenue,cost");
    expect(lines.length - 1).toBe(expected.length);
    expect(outcome.result).toEqual({ rows: expected.length });
    expect(outcome.fileBytes).toBe(fs.statSync(exportFilePath(id)).size);
    const ids = lines.slice(1).map((line) => Number(line.split(",")[0]));
    expect(ids).toEqual(expected.map((row) => row.id));
    const revenueSum = lines.slice(1).reduce((sum, line) => sum + Number(line.split(",").at(-2)), 0);
    expect(revenueSum).toBeCloseTo(
      expected.reduce((sum, row) => sum + row.revenue, 0),
      4,
    );
    expect(progress.at(-1)).toBeGreaterThan(0);
  });

  it("forecasts every region from history equal to SQL's daily revenue", async () => {
    const { outcome } = await run("forecast", {});
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const result = outcome.result as ForecastResult;
    const lastDay = getDb().prepare("SELECT MAX(day) FROM orders").pluck().get() as string;
    expect(result.lastDay).toBe(lastDay);
    expect(result.regions.map((r) => r.region).sort()).toEqual(["Central", "East", "North", "South", "West"]);
    const daily = getDb()
      .prepare(
        `SELECT s.region, o.day, ROUND(SUM(o.revenue), 2) AS revenue FROM orders o JOIN stores s ON s.id = o.store_id
         WHERE o.day > date(?, '-180 days') GROUP BY 1, 2`,
      )
      .all(lastDay) as { region: string; day: string; revenue: number }[];
    for (const region of result.regions) {
      expect(region.history.x).toHaveLength(180);
      expect(region.history.x.at(-1)).toBe(lastDay);
      expect(region.forecast.x).toHaveLength(90);
      const bySql = new Map(
        daily.filter((row) => row.region === region.region).map((row) => [row.day, row.revenue]),
      );
      region.history.x.forEach((day, i) => expect(region.history.y[i]).toBeCloseTo(bySql.get(day) ?? 0, 2));
      region.forecast.y.forEach((value, i) => {
        expect(region.forecast.lower[i]!).toBeLessThanOrEqual(value);
        expect(region.forecast.upper[i]!).toBeGreaterThanOrEqual(value);
      });
    }
  });

  it("profiles a dataset: statistics, SQL histograms and Pearson correlations equal hand computation", async () => {
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 200; i++)
      rows.push([
        i % 17 === 0 ? null : i,
        i * 0.5 + ((i * 7919) % 13) - 6,
        i % 3 === 0 ? "red" : i % 3 === 1 ? "green" : "blue",
        `2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
        i % 4 === 0 ? 1 : 0,
        200 - i * 2,
      ]);
    const datasetId = insertDataset(getDb(), {
      ownerId: owner,
      name: "Fixture",
      columns: [
        { name: "a", type: "integer" },
        { name: "b", type: "number" },
        { name: "colour", type: "text" },
        { name: "when", type: "date" },
        { name: "flag", type: "boolean" },
        { name: "c", type: "integer" },
      ],
      rows,
    });
    const { outcome } = await run("profile", { datasetId });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const result = outcome.result as ProfileResult;
    expect(result.rowCount).toBe(200);
    const column = (name: string) => result.columns.find((c) => c.name === name)!;

    const a = rows.map((row) => row[0]).filter((v): v is number => v !== null);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / (a.length - 1));
    const [min, max] = [Math.min(...a), Math.max(...a)];
    expect(column("a")).toMatchObject({
      count: a.length,
      nulls: 200 - a.length,
      min,
      max,
      distinct: a.length,
    });
    expect(column("a").mean).toBeCloseTo(mean, 9);
    expect(column("a").std).toBeCloseTo(std, 9);
    expect(column("a").histogram).toHaveLength(20);
    expect(column("a").histogram.reduce((s, bin) => s + bin.count, 0)).toBe(a.length);
    // 20 equal bins over [min, max]: bin 0 is [min, min + width).
    const width = (max - min) / 20;
    expect(column("a").histogram[0]!.count).toBe(a.filter((v) => v < min + width).length);
    expect(column("a").histogram[19]!.count).toBe(a.filter((v) => v >= min + 19 * width).length);

    // Most frequent first, ties by value: red is i = 0, 3, ..., 198 (67), green 1..199 (67), blue 66.
    expect(column("colour").top).toEqual([
      { value: "green", count: 67 },
      { value: "red", count: 67 },
      { value: "blue", count: 66 },
    ]);
    expect(column("flag").top).toEqual([
      { value: "true", count: 50 },
      { value: "false", count: 150 },
    ]);
    expect(column("when")).toMatchObject({ min: "2024-01-01", max: "2024-01-28", distinct: 28 });

    // Pearson r by hand over the rows where both values exist.
    const pearson = (i: number, j: number) => {
      const pairs = rows
        .filter((row) => row[i] !== null && row[j] !== null)
        .map((row) => [row[i], row[j]] as [number, number]);
      const mx = pairs.reduce((s, p) => s + p[0], 0) / pairs.length;
      const my = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (const [x, y] of pairs) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) ** 2;
        syy += (y - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    expect(result.correlation.columns).toEqual(["a", "b", "c"]);
    expect(result.correlation.matrix[0]![1]).toBeCloseTo(pearson(0, 1), 9);
    expect(result.correlation.matrix[1]![2]).toBeCloseTo(pearson(1, 5), 9);
    expect(result.correlation.matrix[0]![2]).toBeCloseTo(-1, 9);
    expect(result.correlation.matrix[2]![2]).toBe(1);
  });

  it("fails a profile of a dataset the owner may not read, without running a worker", async () => {
    const other = insertUser(getDb(), "dave");
    const datasetId = insertDataset(getDb(), {
      ownerId: other,
      name: "Private",
      columns: [{ name: "x", type: "integer" }],
      rows: [[1]],
    });
    const { outcome } = await run("profile", { datasetId });
    expect(outcome).toEqual({ ok: false, error: "The dataset no longer exists or is no longer readable." });
  });
});
