import "server-only";
import { z } from "zod";
import { firstIssueMessage } from "../../actions/result";
import type { Dataset } from "../../data/datasets";
import {
  explorerStateSchema,
  filterProblem,
  normalizeState,
  stateProblem,
  type ExplorerState,
} from "./state";

export const datasetIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * A client's chart state, checked by the schema and then against this dataset's columns and the
 * chart's needs: unknown columns and unsuitable types get a plain message naming them.
 */
export function parseStateFor(
  dataset: Dataset,
  input: unknown,
): { ok: true; state: ExplorerState } | { ok: false; error: string } {
  const parsed = explorerStateSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: `Invalid chart: ${firstIssueMessage(parsed.error.issues)}` };
  const state = normalizeState(parsed.data);
  const problem = stateProblem(state, dataset.columns) ?? filterProblem(state.filters, dataset.columns);
  return problem ? { ok: false, error: problem } : { ok: true, state };
}
