"use server";

import { authorizeAction } from "../auth/session";
import { getDetailsData, type DetailsData } from "../data/details";
import { detailsStateSchema, normalizeState } from "../details/state";
import { firstIssueMessage, type ActionResult } from "./result";

/**
 * Everything the Details page shows for one state in one round trip: the page of rows, the count,
 * whether there are pages before and after, and the linked charts. Checks the session itself: an
 * action is a POST that can be sent by hand to any page, whatever the request guard allows.
 */
export async function getDetails(input: unknown): Promise<ActionResult<DetailsData>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = detailsStateSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: `Invalid request: ${firstIssueMessage(parsed.error.issues)}` };
  try {
    return { ok: true, data: await getDetailsData(normalizeState(parsed.data)) };
  } catch (error) {
    console.error("getDetails failed", error);
    return { ok: false, error: "The orders could not be read. Please try again." };
  }
}
