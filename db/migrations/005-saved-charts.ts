import type { Migration } from "../migrate";

// Charts saved from the Explorer to "My dashboard". Only the chart state is stored (validated by
// lib/datasets/explorer/state.ts when saved and again when drawn); figures are computed from the
// dataset at render, never stored. A chart goes with its user and with its dataset.
export const savedCharts: Migration = {
  id: 5,
  name: "saved-charts",
  up: `
    CREATE TABLE saved_charts (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      state TEXT NOT NULL CHECK (json_valid(state)),
      created_at TEXT NOT NULL
    );
    CREATE INDEX saved_charts_user ON saved_charts (user_id, created_at);
    CREATE INDEX saved_charts_dataset ON saved_charts (dataset_id);
  `,
};
