import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { csvField } from "./workers/csv-field.mjs";
import { runExport } from "./workers/export.mjs";

describe("export job CSV", () => {
  it("quotes fields and defuses spreadsheet formulas in names, like the Details download", () => {
    const db = openDatabase(":memory:");
    db.prepare("INSERT INTO stores (id, name, city, region, lat, lon) VALUES (1, ?, ?, 'North', 0, 0)").run(
      '=HYPERLINK("http://x")',
      "Portland, OR",
    );
    db.prepare(
      "INSERT INTO products (id, name, category, unit_price) VALUES (1, '@Widget', 'Books', 2)",
    ).run();
    db.prepare(
      "INSERT INTO orders (day, store_id, product_id, channel, quantity, revenue, cost) VALUES ('2024-01-02', 1, 1, 'Online', 1, 2.5, 1)",
    ).run();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "export-")), "out.csv");
    const filters = { regions: [], categories: [], channels: [], from: "2024-01-01", to: "2024-12-31" };
    expect(runExport(db, { filters, file }, () => {})).toMatchObject({ rows: 1 });
    const [, line] = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(line).toBe(
      `1,2024-01-02,"'=HYPERLINK(""http://x"")","Portland, OR",North,'@Widget,Books,Online,1,2.5,1`,
    );
    expect(csvField(-2.5)).toBe("-2.5");
    expect(csvField(null)).toBe("");
  });
});
