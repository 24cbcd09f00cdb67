"use server";

import { z } from "zod";
import { authorizeAction } from "../auth/session";
import { getReadableDataset } from "../data/datasets";
import {
  countSavedCharts,
  createSavedChart,
  deleteSavedChart as deleteChart,
  MAX_SAVED_CHARTS,
  renameSavedChart as renameChart,
} from "../data/saved-charts";
import { datasetIdSchema, parseStateFor } from "../datasets/explorer/validate";
import { firstIssueMessage, type ActionResult } from "./result";

const nameSchema = z.string().trim().min(1, "Give the chart a name.").max(120, "Use at most 120 characters.");
const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const saveSchema = z.object({ datasetId: datasetIdSchema, name: nameSchema, state: z.unknown() }).strict();
const renameSchema = z.object({ id: idSchema, name: nameSchema }).strict();
const deleteSchema = z.object({ id: idSchema }).strict();

const NOT_FOUND = "This dataset does not exist or you cannot see it.";
const CHART_NOT_FOUND = "This saved chart does not exist.";

/** Saves the Explorer's current chart to the signed-in user's dashboard. */
export async function saveChart(input: unknown): Promise<ActionResult<{ id: number }>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = saveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssueMessage(parsed.error.issues) };
  try {
    const dataset = await getReadableDataset(parsed.data.datasetId, auth.user);
    if (!dataset) return { ok: false, error: NOT_FOUND };
    const state = parseStateFor(dataset, parsed.data.state);
    if (!state.ok) return state;
    if ((await countSavedCharts(auth.user.id)) >= MAX_SAVED_CHARTS)
      return { ok: false, error: `You can keep up to ${MAX_SAVED_CHARTS} saved charts; delete one first.` };
    const id = await createSavedChart({
      userId: auth.user.id,
      datasetId: dataset.id,
      name: parsed.data.name,
      state: state.state,
    });
    return { ok: true, data: { id } };
  } catch (error) {
    console.error("saveChart failed", error);
    return { ok: false, error: "The chart could not be saved. Please try again." };
  }
}

export async function renameSavedChart(input: unknown): Promise<ActionResult<null>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = renameSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssueMessage(parsed.error.issues) };
  try {
    const done = await renameChart(auth.user.id, parsed.data.id, parsed.data.name);
    return done ? { ok: true, data: null } : { ok: false, error: CHART_NOT_FOUND };
  } catch (error) {
    console.error("renameSavedChart failed", error);
    return { ok: false, error: "The chart could not be renamed. Please try again." };
  }
}

export async function deleteSavedChart(input: unknown): Promise<ActionResult<null>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = deleteSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssueMessage(parsed.error.issues) };
  try {
    const done = await deleteChart(auth.user.id, parsed.data.id);
    return done ? { ok: true, data: null } : { ok: false, error: CHART_NOT_FOUND };
  } catch (error) {
    console.error("deleteSavedChart failed", error);
    return { ok: false, error: "The chart could not be deleted. Please try again." };
  }
}
