import type { Migration } from "../migrate";

// A dataset's pre-aggregated summary ("cube", lib/datasets/explorer/cube-build.ts): table
// dsc_<id>, one row per combination of its low-cardinality columns with the row count and the
// count, sum, min and max of every numeric column. `dims` and `measures` list column positions
// (JSON arrays of integers). The import writes the table and this row in the transaction that
// publishes the rows, and deleting the dataset drops both, so a cube never outlives or predates
// its rows. Datasets without a row here are answered from their raw rows.
export const datasetCubes: Migration = {
  id: 12,
  name: "dataset-cubes",
  up: `
    CREATE TABLE dataset_cubes (
      dataset_id INTEGER PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
      dims TEXT NOT NULL CHECK (json_valid(dims)),
      measures TEXT NOT NULL CHECK (json_valid(measures)),
      cells INTEGER NOT NULL
    );
  `,
};
