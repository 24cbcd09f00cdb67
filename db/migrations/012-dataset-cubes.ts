import type { Migration } from "../migrate";

// A dataset's pre-aggregated summaries ("cubes", lib/datasets/explorer/cube-build.ts): cube 0,
// table dsc_<id>, groups the rows by their low-cardinality columns; cube k + 1, table
// dsc_<id>_<k + 1>, by column k's own values and as many low-cardinality columns as fit. Each row
// holds COUNT(*) and the count, sum, min and max of the numeric columns that are not dims. `dims`
// and `measures` list column positions (JSON arrays of integers). The import plans every cube,
// builds cube 0 and records them all in the transaction that publishes the rows; `cells` stays
// NULL until a cube's table is written, in one transaction with it (right after the import, or
// on the dataset's next view after a restart). Deleting the dataset drops the tables with these
// rows, so a cube never outlives or predates its rows. Datasets without a usable cube are
// answered from their raw rows.
export const datasetCubes: Migration = {
  id: 12,
  name: "dataset-cubes",
  up: `
    CREATE TABLE dataset_cubes (
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      cube INTEGER NOT NULL CHECK (cube >= 0),
      dims TEXT NOT NULL CHECK (json_valid(dims)),
      measures TEXT NOT NULL CHECK (json_valid(measures)),
      cells INTEGER,
      PRIMARY KEY (dataset_id, cube)
    ) WITHOUT ROWID;
  `,
};
