import "server-only";
import { statement } from "../db";
import { explorerStateSchema, type ExplorerState } from "../datasets/explorer/state";

// Charts saved to "My dashboard" (db/migrations/005-saved-charts.ts). Every read and write is
// scoped to the user, so one user can never see, rename or delete another's charts.

export const MAX_SAVED_CHARTS = 100;

export interface SavedChart {
  id: number;
  datasetId: number;
  name: string;
  /** null when the stored state no longer parses (never expected; shown as unavailable). */
  state: ExplorerState | null;
  createdAt: string;
}

interface SavedChartRow {
  id: number;
  dataset_id: number;
  name: string;
  state: string;
  created_at: string;
}

function reshape(row: SavedChartRow): SavedChart {
  let state: ExplorerState | null = null;
  try {
    const parsed = explorerStateSchema.safeParse(JSON.parse(row.state));
    state = parsed.success ? parsed.data : null;
  } catch {
    state = null;
  }
  return { id: row.id, datasetId: row.dataset_id, name: row.name, state, createdAt: row.created_at };
}

export async function getSavedCharts(userId: number): Promise<SavedChart[]> {
  const rows = statement(
    `SELECT id, dataset_id, name, state, created_at FROM saved_charts WHERE user_id = ?
     ORDER BY created_at DESC, id DESC LIMIT ${MAX_SAVED_CHARTS}`,
  ).all(userId) as SavedChartRow[];
  return rows.map(reshape);
}

export async function countSavedCharts(userId: number): Promise<number> {
  return (statement(`SELECT COUNT(*) AS n FROM saved_charts WHERE user_id = ?`).get(userId) as { n: number })
    .n;
}

export async function createSavedChart(input: {
  userId: number;
  datasetId: number;
  name: string;
  state: ExplorerState;
}): Promise<number> {
  const { lastInsertRowid } = statement(
    `INSERT INTO saved_charts (user_id, dataset_id, name, state, created_at) VALUES (?, ?, ?, ?, ?)`,
  ).run(input.userId, input.datasetId, input.name, JSON.stringify(input.state), new Date().toISOString());
  return Number(lastInsertRowid);
}

/** False when the chart does not exist or is not the user's. */
export async function renameSavedChart(userId: number, id: number, name: string): Promise<boolean> {
  return (
    statement(`UPDATE saved_charts SET name = ? WHERE id = ? AND user_id = ?`).run(name, id, userId)
      .changes === 1
  );
}

/** False when the chart does not exist or is not the user's. */
export async function deleteSavedChart(userId: number, id: number): Promise<boolean> {
  return statement(`DELETE FROM saved_charts WHERE id = ? AND user_id = ?`).run(id, userId).changes === 1;
}
