"use server";

import { authorizeAction } from "../auth/session";
import { getVisibleJob, summarizeJob } from "../data/jobs";
import { jobIdSchema, startJobSchema, type JobSummary } from "../jobs/kinds";
import { cancelJobFor, startJobFor } from "../jobs/service";
import { firstIssueMessage, type ActionResult } from "./result";

// One action per interaction: start and cancel. Progress reaches the page by Server-Sent Events
// (app/api/jobs/events), not by actions, which Next.js would run one at a time with these.

/** Queues a job for the signed-in user; refused while their job of that kind is queued or running. */
export async function startJob(input: unknown): Promise<ActionResult<JobSummary>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = startJobSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `Invalid job: ${firstIssueMessage(parsed.error.issues)}` };
  try {
    const started = await startJobFor(auth.user, parsed.data);
    if (!started.ok) return started;
    const job = await getVisibleJob(started.id, auth.user);
    if (!job) return { ok: false, error: "The job could not be found after starting it." };
    return { ok: true, data: summarizeJob(job) };
  } catch (error) {
    console.error("startJob failed", error);
    return { ok: false, error: "The job could not be started. Please try again." };
  }
}

/** Cancels a queued or running job the user may see (their own; admins: any). */
export async function cancelJob(input: unknown): Promise<ActionResult<JobSummary>> {
  const auth = await authorizeAction();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = jobIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: `Invalid job: ${firstIssueMessage(parsed.error.issues)}` };
  try {
    const cancelled = await cancelJobFor(auth.user, parsed.data.id);
    if (!cancelled.ok) return cancelled;
    return { ok: true, data: summarizeJob(cancelled.job) };
  } catch (error) {
    console.error("cancelJob failed", error);
    return { ok: false, error: "The job could not be cancelled. Please try again." };
  }
}
