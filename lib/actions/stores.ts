"use server";

import { z } from "zod";
import { authorizeAction } from "../auth/session";
import { getStoresView as readStoresView, type StoresView } from "../data/stores";
import { normalizeFilters, overviewFiltersSchema } from "../overview/filters";
import { firstIssueMessage, type ActionResult } from "./result";

/** What the browser sends: the filter state and a store id, never any figure. */
const storesViewInputSchema = z
  .object({
    filters: overviewFiltersSchema,
    storeId: z.number().int().positive().max(2_147_483_647).nullable(),
  })
  .strict();

export type StoresViewInput = z.infer<typeof storesViewInputSchema>;

/**
 * The Stores page for a filter state and an optional store (the map's stores and the store's
 * private panel with cost and profit) in one round trip. Checks the session itself: an action is a
 * POST that can be sent by hand to any page.
 */
export async function getStoresView(input: unknown): Promise<ActionResult<StoresView>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = storesViewInputSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: `Invalid request: ${firstIssueMessage(parsed.error.issues)}` };
  try {
    return {
      ok: true,
      data: await readStoresView(normalizeFilters(parsed.data.filters), parsed.data.storeId),
    };
  } catch (error) {
    console.error("getStoresView failed", error);
    return { ok: false, error: "The store figures could not be computed. Please try again." };
  }
}
