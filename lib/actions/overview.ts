"use server";

import { getOverviewData, type OverviewData } from "../data/overview";
import { decodeFilters } from "../overview/filters-wire";
import { profiled } from "../profiling/measure";
import { firstIssueMessage, type ActionResult } from "./result";
import { requestLog } from "../request-log";

/**
 * Everything the Overview shows for one filter state, in one round trip: Next.js runs a client's
 * actions one at a time (4 concurrent 300 ms actions took 1.25 s here), so one action per chart
 * would serialize. Public by design (listed as such): it returns aggregates and the margin %, never
 * cost or profit figures.
 */
export async function getOverview(input: unknown): Promise<ActionResult<OverviewData>> {
  return profiled("getOverview", () => overview(input));
}

async function overview(input: unknown): Promise<ActionResult<OverviewData>> {
  const parsed = decodeFilters(input);
  if (!parsed.success) return { ok: false, error: `Invalid filters: ${firstIssueMessage(parsed.issues)}` };
  try {
    return { ok: true, data: await getOverviewData(parsed.data) };
  } catch (error) {
    (await requestLog()).error({ err: error }, "getOverview failed");
    return { ok: false, error: "The overview could not be computed. Please try again." };
  }
}
