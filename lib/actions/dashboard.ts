"use server";

import { authorizeAction } from "../auth/session";
import { getDashboardData, type DashboardData } from "../data/dashboard";
import { decodeFilters } from "../overview/filters-wire";
import { firstIssueMessage, type ActionResult } from "./result";
import { requestLog } from "../request-log";

/**
 * The private dashboard's figures for one filter state, in one round trip. Checks the session
 * itself: an action is a POST that can be sent by hand, whatever the request guard allows.
 */
export async function getDashboard(input: unknown): Promise<ActionResult<DashboardData>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = decodeFilters(input);
  if (!parsed.success) return { ok: false, error: `Invalid filters: ${firstIssueMessage(parsed.issues)}` };
  try {
    return { ok: true, data: await getDashboardData(parsed.data) };
  } catch (error) {
    (await requestLog()).error({ err: error }, "getDashboard failed");
    return { ok: false, error: "The dashboard could not be computed. Please try again." };
  }
}
