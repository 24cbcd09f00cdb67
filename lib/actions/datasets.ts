"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeAction } from "../auth/session";
import * as manage from "../datasets/manage";
import { datasetNameSchema } from "../datasets/protocol";
import { deleteUpload, findUpload, uploadIdSchema } from "../datasets/uploads";
import { firstIssueMessage, type ActionResult } from "./result";

// The owner's writes from /datasets. Each action checks the session itself (an action is a POST
// any client can send to any page) and the owner in SQL (lib/datasets/manage.ts).

const datasetIdSchema = z.number().int().positive();
const renameSchema = z.object({ id: datasetIdSchema, name: datasetNameSchema });
const visibilitySchema = z.object({ id: datasetIdSchema, visibility: z.enum(["private", "public"]) });
const deleteSchema = z.object({ id: datasetIdSchema });
const discardSchema = z.object({ uploadId: uploadIdSchema });

async function asOwner<S extends z.ZodType>(
  schema: S,
  input: unknown,
  change: (value: z.infer<S>, userId: number) => Promise<void>,
): Promise<ActionResult<null>> {
  const auth = await authorizeAction();
  if (!auth.ok) return auth;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssueMessage(parsed.error.issues) };
  try {
    await change(parsed.data, auth.user.id);
    revalidatePath("/datasets");
    return { ok: true, data: null };
  } catch (error) {
    if (error instanceof manage.DatasetChangeError) return { ok: false, error: error.message };
    console.error("dataset change failed", error);
    return { ok: false, error: "The change could not be saved. Please try again." };
  }
}

export async function renameDataset(input: unknown): Promise<ActionResult<null>> {
  return asOwner(renameSchema, input, ({ id, name }, userId) => manage.renameDataset(id, userId, name));
}

export async function setDatasetVisibility(input: unknown): Promise<ActionResult<null>> {
  return asOwner(visibilitySchema, input, ({ id, visibility }, userId) =>
    manage.setDatasetVisibility(id, userId, visibility),
  );
}

export async function deleteDataset(input: unknown): Promise<ActionResult<null>> {
  return asOwner(deleteSchema, input, ({ id }, userId) => manage.deleteDataset(id, userId));
}

/** Drops an analysed upload the user decided not to import. */
export async function discardUpload(input: unknown): Promise<ActionResult<null>> {
  return asOwner(discardSchema, input, async ({ uploadId }, userId) => {
    if (findUpload(uploadId, userId)) deleteUpload(uploadId);
  });
}
