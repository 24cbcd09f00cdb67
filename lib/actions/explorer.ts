"use server";

import { getSessionUser } from "../auth/session";
import { getReadableDataset } from "../data/datasets";
import { getExplorerFigure, type ExplorerFigure } from "../datasets/explorer/figure";
import { datasetIdSchema, parseStateFor } from "../datasets/explorer/validate";
import type { ActionResult } from "./result";

const NOT_FOUND = "This dataset does not exist or you cannot see it.";

/**
 * The Explorer's figure for one chart state, in one round trip. Anyone may call it: the dataset
 * must be readable by the caller (its owner, or anyone when public), and a dataset that is missing
 * and one the caller may not see get the same answer.
 */
export async function getExplorerChart(
  datasetId: unknown,
  state: unknown,
): Promise<ActionResult<ExplorerFigure>> {
  const id = datasetIdSchema.safeParse(datasetId);
  if (!id.success) return { ok: false, error: NOT_FOUND };
  try {
    const dataset = await getReadableDataset(id.data, await getSessionUser());
    if (!dataset) return { ok: false, error: NOT_FOUND };
    const parsed = parseStateFor(dataset, state);
    if (!parsed.ok) return parsed;
    return { ok: true, data: await getExplorerFigure(dataset, parsed.state) };
  } catch (error) {
    console.error("getExplorerChart failed", error);
    return { ok: false, error: "The chart could not be computed. Please try again." };
  }
}
