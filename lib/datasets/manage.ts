import "server-only";
import { datasetTable } from "../data/datasets";
import { dropCubes } from "./explorer/cube-build";
import { getDb } from "../db";

// The owner's writes to a dataset. Every statement matches on owner_id, so a dataset that does not
// exist, is someone else's or is a built-in example (no owner) gives the same "not found": ids
// reveal nothing and nobody, admins included, edits what they do not own.

export const NOT_FOUND = "That dataset does not exist or is not yours.";

export class DatasetChangeError extends Error {}

function touched(changes: number): void {
  if (changes !== 1) throw new DatasetChangeError(NOT_FOUND);
}

export async function renameDataset(id: number, ownerId: number, name: string): Promise<void> {
  touched(
    getDb()
      .prepare(
        "UPDATE datasets SET name = ?, updated_at = ? WHERE id = ? AND owner_id = ? AND status = 'ready'",
      )
      .run(name, new Date().toISOString(), id, ownerId).changes,
  );
}

export async function setDatasetVisibility(
  id: number,
  ownerId: number,
  visibility: "private" | "public",
): Promise<void> {
  touched(
    getDb()
      .prepare(
        "UPDATE datasets SET visibility = ?, updated_at = ? WHERE id = ? AND owner_id = ? AND status = 'ready'",
      )
      .run(visibility, new Date().toISOString(), id, ownerId).changes,
  );
}

/** Deletes the dataset's row, its columns, its table and its cube in one transaction. */
export async function deleteDataset(id: number, ownerId: number): Promise<void> {
  const db = getDb();
  db.transaction(() => {
    // The cube tables are listed by the rows this delete cascades to: they go first.
    if (
      db.prepare("SELECT 1 FROM datasets WHERE id = ? AND owner_id = ? AND status = 'ready'").get(id, ownerId)
    )
      dropCubes(db, id);
    touched(
      db.prepare("DELETE FROM datasets WHERE id = ? AND owner_id = ? AND status = 'ready'").run(id, ownerId)
        .changes,
    );
    db.exec(`DROP TABLE IF EXISTS main.${datasetTable(id)}`);
  }).immediate();
}
