import { z } from "zod";
import { overviewFiltersSchema } from "../overview/filters";

// What a job can be asked to do. Shared by the start action (validation), the queue (which worker
// runs it) and the UI (the start forms), so a client can only ever send these small parameters.

export const JOB_KINDS = ["forecast", "profile", "export"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_LABELS: Record<JobKind, string> = {
  forecast: "Forecast",
  profile: "Dataset profile",
  export: "Export",
};

/** The forecast horizon in days and the history shown before it. */
export const FORECAST_HORIZON_DAYS = 90;
export const FORECAST_HISTORY_DAYS = 180;

export const startJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("forecast") }).strict(),
  z
    .object({
      kind: z.literal("profile"),
      datasetId: z
        .number()
        .int()
        .positive()
        .max(2 ** 31),
    })
    .strict(),
  z.object({ kind: z.literal("export"), filters: overviewFiltersSchema }).strict(),
]);
export type StartJobInput = z.infer<typeof startJobSchema>;

export const jobIdSchema = z
  .object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
  .strict();

/** Finished jobs keep their status; a queued or running one can still change. */
export const isActive = (status: JobStatus) => status === "queued" || status === "running";

/** A job as the UI lists it: no result payload (fetched once, when shown). */
export interface JobSummary {
  id: number;
  kind: JobKind;
  ownerId: number;
  ownerName: string;
  /** A short description of the parameters ("Dataset “Cars”", "South, 2025-01-01 to 2025-12-31"). */
  label: string;
  status: JobStatus;
  progress: number;
  message: string;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Exports: size of the finished file. */
  fileBytes: number | null;
}
