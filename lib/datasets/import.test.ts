import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabase } from "../auth/test-db";
import type { ColumnType } from "./column-types";

// The upload analysis and the import against a real temporary database. Expected values are written
// out by hand from the fixtures; the database is read back with plain SQL on its own connection.

let temp: { file: string; cleanup: () => void };
let raw: Database.Database;
let analyseCsv: typeof import("./analyse").analyseCsv;
let importCsv: typeof import("./import").importCsv;
let removeUnfinishedImports: typeof import("./cleanup").removeUnfinishedImports;
let getDb: typeof import("../db").getDb;
let dir: string;
let ownerId: number;

beforeAll(async () => {
  temp = useTempDatabase("datasets-import");
  ({ analyseCsv } = await import("./analyse"));
  ({ importCsv } = await import("./import"));
  ({ removeUnfinishedImports } = await import("./cleanup"));
  ({ getDb } = await import("../db"));
  const { createUser } = await import("../auth/users");
  ownerId = (await createUser({ username: "owner", password: "secret123", role: "viewer" })).id;
  raw = new Database(temp.file);
  dir = path.join(path.dirname(temp.file), "files");
  fs.mkdirSync(dir);
});
afterAll(() => {
  raw.close();
  temp.cleanup();
});

let counter = 0;
function csvFile(content: string | Buffer): string {
  const file = path.join(dir, `f${++counter}.csv`);
  fs.writeFileSync(file, content);
  return file;
}

function run(file: string, types: ColumnType[], name = "test") {
  return importCsv({
    file,
    workDir: path.join(dir, "work"),
    name,
    types,
    ownerId,
    source: "upload",
    visibility: "private",
    fileName: path.basename(file),
  });
}

function leftovers() {
  const tables = raw
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'ds\\_%' ESCAPE '\\' OR name LIKE 'dsc\\_%' ESCAPE '\\')",
    )
    .pluck()
    .all();
  const rows = raw.prepare("SELECT COUNT(*) FROM datasets").pluck().get() as number;
  const columns = raw.prepare("SELECT COUNT(*) FROM dataset_columns").pluck().get() as number;
  const stats = raw.prepare("SELECT COUNT(*) FROM dataset_column_stats").pluck().get() as number;
  const cubes = raw.prepare("SELECT COUNT(*) FROM dataset_cubes").pluck().get() as number;
  const staging = fs.existsSync(path.join(dir, "work"))
    ? fs.readdirSync(path.join(dir, "work")).filter((name) => name.includes("staging"))
    : [];
  return { tables, rows, columns, stats, cubes, staging };
}

const NOTHING = { tables: [], rows: 0, columns: 0, stats: 0, cubes: 0, staging: [] };

const GOOD = [
  "id,Unit  price , sold on,at,ok,city,note",
  "1,2.50,2024-01-31,2024-01-31 10:00:00,true,Seattle,",
  '2,3,2024-02-29,2024-02-29T23:30:00Z,no,"Austin, TX","two',
  'lines"',
  "3,,2024/03/01,,FALSE,Zürich,x",
  "",
].join("\r\n");

describe("analysis", () => {
  it("infers types, sanitizes names and previews the first rows", async () => {
    const analysis = await analyseCsv(csvFile(GOOD));
    expect(analysis.rowCount).toBe(3);
    expect(analysis.columns).toEqual([
      { position: 0, header: "id", name: "id", type: "integer" },
      { position: 1, header: "Unit  price ", name: "Unit price", type: "number" },
      { position: 2, header: " sold on", name: "sold on", type: "date" },
      { position: 3, header: "at", name: "at", type: "datetime" },
      { position: 4, header: "ok", name: "ok", type: "boolean" },
      { position: 5, header: "city", name: "city", type: "text" },
      { position: 6, header: "note", name: "note", type: "text" },
    ]);
    expect(analysis.preview[1]).toEqual([
      "2",
      "3",
      "2024-02-29",
      "2024-02-29T23:30:00Z",
      "no",
      "Austin, TX",
      "two\r\nlines",
    ]);
  });

  it("reads semicolon-separated files", async () => {
    const analysis = await analyseCsv(csvFile("a;b\n1,5;x\n2,5;y\n"));
    expect(analysis.columns.map((c) => [c.name, c.type])).toEqual([
      ["a", "text"],
      ["b", "text"],
    ]);
    expect(analysis.preview[0]).toEqual(["1,5", "x"]);
  });
});

describe("import", () => {
  it("stores every value as the CSV has it, in line order, in one ready dataset", async () => {
    const { id, rows } = await run(csvFile(GOOD), [
      "integer",
      "number",
      "date",
      "datetime",
      "boolean",
      "text",
      "text",
    ]);
    expect(rows).toBe(3);
    expect(raw.prepare(`SELECT * FROM ds_${id} ORDER BY _row`).all()).toEqual([
      {
        _row: 1,
        c0: 1,
        c1: 2.5,
        c2: "2024-01-31",
        c3: "2024-01-31T10:00:00",
        c4: 1,
        c5: "Seattle",
        c6: null,
      },
      {
        _row: 2,
        c0: 2,
        c1: 3,
        c2: "2024-02-29",
        c3: "2024-02-29T23:30:00",
        c4: 0,
        c5: "Austin, TX",
        c6: "two\r\nlines",
      },
      { _row: 3, c0: 3, c1: null, c2: "2024-03-01", c3: null, c4: 0, c5: "Zürich", c6: "x" },
    ]);
    expect(
      raw
        .prepare("SELECT typeof(c0), typeof(c1) FROM ds_" + id + " WHERE _row = 2")
        .raw()
        .get(),
    ).toEqual(["integer", "real"]);
    expect(
      raw
        .prepare("SELECT owner_id, status, row_count, visibility, source FROM datasets WHERE id = ?")
        .get(id),
    ).toEqual({
      owner_id: ownerId,
      status: "ready",
      row_count: 3,
      visibility: "private",
      source: "upload",
    });
    expect(
      raw
        .prepare(
          "SELECT position, header, name, type FROM dataset_columns WHERE dataset_id = ? ORDER BY position",
        )
        .all(id),
    ).toHaveLength(7);
    expect(
      raw.prepare("SELECT name, type FROM dataset_columns WHERE dataset_id = ? AND position = 1").get(id),
    ).toEqual({
      name: "Unit price",
      type: "number",
    });
    // Clean up for the leftover checks below.
    (await import("./import")).removeDataset(getDb(), id);
    expect(leftovers()).toEqual(NOTHING);
  });

  it("stores each column's range with the rows and its summary right after, as computed by hand", async () => {
    const types: ColumnType[] = ["integer", "number", "date", "datetime", "boolean", "text", "text"];
    const { id } = await run(csvFile(GOOD), types);
    const ranges = raw
      .prepare("SELECT position, range FROM dataset_column_stats WHERE dataset_id = ? ORDER BY position")
      .all(id) as { position: number; range: string }[];
    expect(ranges.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Unit price: 2.5, 3 and one missing value.
    expect(JSON.parse(ranges[1]!.range)).toEqual({ count: 2, min: 2.5, max: 3, mean: 2.75 });
    expect(JSON.parse(ranges[2]!.range)).toEqual({
      count: 3,
      min: "2024-01-31",
      max: "2024-03-01",
      mean: null,
    });

    // The summaries are computed in the background; a view joins that computation.
    const { getColumnStats } = await import("./explorer/stats");
    const headers = ["id", "Unit price", "sold on", "at", "ok", "city", "note"];
    const summaries = await getColumnStats({
      id,
      name: "test",
      ownerId,
      visibility: "private",
      source: "upload",
      rowCount: 3,
      columns: headers.map((name, position) => ({ position, name, header: name, type: types[position]! })),
    });
    const stored = new Map(
      (
        raw
          .prepare("SELECT position, stats FROM dataset_column_stats WHERE dataset_id = ? ORDER BY position")
          .all(id) as { position: number; stats: string | null }[]
      ).map((row) => [row.position, JSON.parse(row.stats ?? "null") as Record<string, unknown> | null]),
    );
    expect([...stored.values()].every((s) => s !== null)).toBe(true);
    for (const [position, summary] of summaries.entries())
      expect(summary).toEqual({ ...stored.get(position)!, name: headers[position], type: types[position] });
    const price = summaries[1]!;
    expect(price).toMatchObject({ count: 2, missing: 1, distinct: 2, min: 2.5, max: 3, mean: 2.75 });
    expect(price.q1).toBeCloseTo(2.625, 12);
    expect(price.median).toBeCloseTo(2.75, 12);
    expect(price.q3).toBeCloseTo(2.875, 12);
    expect(price.std).toBeCloseTo(Math.sqrt(0.125), 12);
    expect(summaries[2]).toMatchObject({ min: "2024-01-31", median: "2024-02-29", max: "2024-03-01" });
    expect(summaries[4]).toMatchObject({
      count: 3,
      distinct: 2,
      top: [
        { value: "false", count: 2 },
        { value: "true", count: 1 },
      ],
    });
    expect(summaries[5]).toMatchObject({
      distinct: 3,
      mean: null,
      top: [
        { value: "Austin, TX", count: 1 },
        { value: "Seattle", count: 1 },
        { value: "Zürich", count: 1 },
      ],
    });
    (await import("./import")).removeDataset(getDb(), id);
    expect(leftovers()).toEqual(NOTHING);
  });

  it("publishes the cubes with the rows, each equal to a GROUP BY of its columns", async () => {
    const lines = ["region,year,price,flag,id"];
    for (let i = 0; i < 400; i++)
      lines.push(
        [
          ["North", "South", ""][i % 3],
          2020 + (i % 4),
          i % 7 === 0 ? "" : (i * 1.25) % 50,
          i % 2 ? "yes" : "no",
          i,
        ].join(","),
      );
    const types: ColumnType[] = ["text", "integer", "number", "boolean", "integer"];
    const { id } = await run(csvFile(lines.join("\n")), types, "cube");
    // The cubes are planned with the rows and built right after the import, in a worker thread.
    const names = ["region", "year", "price", "flag", "id"];
    const { scheduleCubeBuilds } = await import("./explorer/cube");
    await scheduleCubeBuilds({
      id,
      name: "cube",
      ownerId,
      visibility: "private",
      source: "upload",
      rowCount: 400,
      columns: names.map((name, position) => ({ position, name, header: name, type: types[position]! })),
    });
    // Fewest values first within 200 cells (half the rows): flag, region (with a missing value),
    // year; price's 41 values would pass 200 and id has 400. Region, year and flag all follow
    // i mod 12, so 12 of the 2 x 3 x 4 combinations occur.
    expect(
      raw
        .prepare("SELECT dims, measures, cells FROM dataset_cubes WHERE dataset_id = ? AND cube = 0")
        .get(id),
    ).toEqual({
      dims: "[3,0,1]",
      measures: "[2,4]",
      cells: 12,
    });
    const expected = raw
      .prepare(
        `SELECT c3, c0, c1, COUNT(*) AS n, COUNT(c2) AS n2, SUM(c2) AS s2, MIN(c2) AS lo2, MAX(c2) AS hi2,
                SUM(c4) AS s4, MAX(c4) AS hi4
         FROM ds_${id} GROUP BY c3, c0, c1 ORDER BY c3, c0, c1`,
      )
      .all();
    expect(
      raw.prepare(`SELECT c3, c0, c1, n, n2, s2, lo2, hi2, s4, hi4 FROM dsc_${id} ORDER BY c3, c0, c1`).all(),
    ).toEqual(expected);

    // Price has 40 values and a missing one: its own cube goes with flag (82 <= 200 cells).
    const priceCells = raw
      .prepare(`SELECT COUNT(*) FROM (SELECT DISTINCT c2, c3 FROM ds_${id})`)
      .pluck()
      .get() as number;
    expect(
      raw
        .prepare("SELECT dims, measures, cells FROM dataset_cubes WHERE dataset_id = ? AND cube = 3")
        .get(id),
    ).toEqual({ dims: "[2,3]", measures: "[1,4]", cells: priceCells });
    expect(
      raw.prepare(`SELECT c2, c3, n, n1, s1, lo1, hi1, s4 FROM dsc_${id}_3 ORDER BY c2, c3`).all(),
    ).toEqual(
      raw
        .prepare(
          `SELECT c2, c3, COUNT(*) AS n, COUNT(c1) AS n1, SUM(c1) AS s1, MIN(c1) AS lo1, MAX(c1) AS hi1,
                  SUM(c4) AS s4
           FROM ds_${id} GROUP BY c2, c3 ORDER BY c2, c3`,
        )
        .all(),
    );
    (await import("./import")).removeDataset(getDb(), id);
    expect(leftovers()).toEqual(NOTHING);
  });

  it("reports progress while it stages rows, then the saving step", async () => {
    const lines = ["n,half"];
    for (let i = 1; i <= 60_000; i++) lines.push(`${i},${i / 2}`);
    const events: { phase: string; rows: number }[] = [];
    const { id } = await importCsv({
      file: csvFile(lines.join("\n")),
      workDir: path.join(dir, "work"),
      name: "progress",
      types: ["integer", "number"],
      ownerId,
      source: "upload",
      visibility: "private",
      fileName: null,
      onProgress: (event) => events.push(event),
    });
    const staged = events.filter((e) => e.phase === "rows").map((e) => e.rows);
    expect(staged[0]).toBeLessThan(60_000);
    expect(staged).toEqual([...staged].sort((a, b) => a - b));
    expect(staged.at(-1)).toBe(60_000);
    expect(events.at(-1)).toEqual({ phase: "saving", rows: 60_000 });
    expect(raw.prepare(`SELECT COUNT(*) AS n, SUM(c0) AS s, SUM(c1) AS h FROM ds_${id}`).get()).toEqual({
      n: 60_000,
      s: (60_000 * 60_001) / 2,
      h: (60_000 * 60_001) / 4,
    });
    (await import("./import")).removeDataset(getDb(), id);
  });

  it("imports a corrected type (integers read as text)", async () => {
    const { id } = await run(csvFile("code\n007\n10\n"), ["text"]);
    expect(raw.prepare(`SELECT c0 FROM ds_${id} ORDER BY _row`).pluck().all()).toEqual(["007", "10"]);
    (await import("./import")).removeDataset(getDb(), id);
  });
});

describe("bad files give a message with line and column and leave nothing behind", () => {
  const cases: { kind: string; content: string | Buffer; types: ColumnType[]; message: RegExp }[] = [
    { kind: "empty file", content: "", types: ["text"], message: /^The file is empty/ },
    {
      kind: "header only",
      content: "a,b\n",
      types: ["text", "text"],
      message: /header line but no data rows/,
    },
    {
      kind: "row with a missing value",
      content: "a,b,c\n1,2,3\n4,5\n",
      types: ["integer", "integer", "integer"],
      message: /^Line 3, column 3 \("c"\): the value is missing/,
    },
    {
      kind: "row with an extra value (after a quoted line break)",
      content: 'a,b\n"x\ny",2\n3,4,5\n',
      types: ["text", "integer"],
      message: /^Line 4, column 3: unexpected extra value/,
    },
    {
      kind: "bytes that are not UTF-8",
      content: Buffer.concat([
        Buffer.from("name,city\nAnn,Paris\nBob,"),
        Buffer.from([0x4d, 0xfc, 0x6e]),
        Buffer.from("chen\n"),
      ]),
      types: ["text", "text"],
      message: /^Line 3, column 2 \("city"\): the file is not UTF-8 text/,
    },
    {
      kind: "empty header",
      content: "a,,c\n1,2,3\n",
      types: ["text", "text", "text"],
      message: /^Line 1, column 2: the header is empty/,
    },
    {
      kind: "duplicate header",
      content: "a,b,a\n1,2,3\n",
      types: ["text", "text", "text"],
      message: /^Line 1, column 3: the header "a" repeats column 1/,
    },
    {
      kind: "quote never closed",
      content: 'a,b\n1,"open\n',
      types: ["text", "text"],
      message: /^Line \d+: a quoted value is never closed/,
    },
    {
      kind: "value that does not fit its corrected type",
      content: "id,price\n1,2.5\n2,abc\n",
      types: ["integer", "number"],
      message: /^Line 3, column 2 \("price"\): "abc" is not a number/,
    },
    {
      kind: "decimal in an integer column",
      content: "id,n\n1,2\n2,3\n3,4.5\n",
      types: ["integer", "integer"],
      message: /^Line 4, column 2 \("n"\): "4.5" is not a whole number/,
    },
  ];

  for (const { kind, content, types, message } of cases) {
    it(kind, async () => {
      const file = csvFile(content);
      if (!kind.includes("corrected type") && !kind.includes("integer column"))
        await expect(analyseCsv(file)).rejects.toThrow(message);
      await expect(run(file, types)).rejects.toThrow(message);
      expect(leftovers()).toEqual(NOTHING);
    });
  }

  it("fails after many staged rows without touching the main database", async () => {
    const lines = ["n"];
    for (let i = 1; i <= 60_000; i++) lines.push(String(i));
    lines.push("oops");
    await expect(run(csvFile(lines.join("\n")), ["integer"])).rejects.toThrow(
      /^Line 60002, column 1 \("n"\)/,
    );
    expect(leftovers()).toEqual(NOTHING);
  });
});

describe("start-up cleanup", () => {
  it("removes datasets left 'importing' by a crash, with their table", () => {
    const now = new Date().toISOString();
    const id = Number(
      raw
        .prepare(
          "INSERT INTO datasets (owner_id, name, source, status, created_at, updated_at) VALUES (?, 'cut off', 'upload', 'importing', ?, ?)",
        )
        .run(ownerId, now, now).lastInsertRowid,
    );
    raw.exec(`CREATE TABLE ds_${id} (_row INTEGER PRIMARY KEY, c0 TEXT)`);
    const ready = Number(
      raw
        .prepare(
          "INSERT INTO datasets (owner_id, name, source, status, created_at, updated_at) VALUES (?, 'kept', 'upload', 'ready', ?, ?)",
        )
        .run(ownerId, now, now).lastInsertRowid,
    );
    raw.exec(`CREATE TABLE ds_${ready} (_row INTEGER PRIMARY KEY, c0 TEXT)`);
    expect(removeUnfinishedImports(getDb())).toBe(1);
    expect(leftovers().tables).toEqual([`ds_${ready}`]);
    expect(raw.prepare("SELECT id FROM datasets").pluck().all()).toEqual([ready]);
    raw.exec(`DROP TABLE ds_${ready}; DELETE FROM datasets;`);
  });
});
