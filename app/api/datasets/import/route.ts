import { firstIssueMessage } from "@/lib/actions/result";
import { authorizeAction } from "@/lib/auth/session";
import { DatasetFileError } from "@/lib/datasets/errors";
import { importCsv } from "@/lib/datasets/import";
import { importRequestSchema, type ImportEvent } from "@/lib/datasets/protocol";
import { isSameOrigin } from "@/lib/datasets/same-origin";
import { deleteUpload, findUpload, uploadsDir } from "@/lib/datasets/uploads";

// POST { uploadId, name, types }: imports an analysed upload and streams its progress as NDJSON
// (one ImportEvent per line), ending with "done" or "error". The import continues if the client
// goes away; it is one transaction either way.
export const dynamic = "force-dynamic";

function failure(error: string, status: number): Response {
  return Response.json({ type: "error", error } satisfies ImportEvent, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return failure("Cross-site requests are not accepted.", 403);
  const auth = await authorizeAction();
  if (!auth.ok) return failure(auth.error, 401);
  let input: unknown;
  try {
    input = await request.json();
  } catch {
    return failure("Send the import as JSON.", 400);
  }
  const parsed = importRequestSchema.safeParse(input);
  if (!parsed.success) return failure(firstIssueMessage(parsed.error.issues), 400);
  const { uploadId, name, types } = parsed.data;
  const upload = findUpload(uploadId, auth.user.id);
  if (!upload) return failure("That upload does not exist or has expired. Upload the file again.", 404);
  if (types.length !== upload.meta.columnCount)
    return failure(`Choose a type for each of the ${upload.meta.columnCount} columns.`, 400);

  const encoder = new TextEncoder();
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: ImportEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false;
        }
      };
      try {
        const total = upload.meta.rowCount;
        const { id, rows } = await importCsv({
          file: upload.file,
          workDir: uploadsDir(),
          name,
          types,
          ownerId: auth.user.id,
          source: "upload",
          visibility: "private",
          fileName: upload.meta.fileName,
          onProgress: ({ phase, rows }) => send({ type: "progress", phase, rows, total }),
        });
        deleteUpload(uploadId);
        send({ type: "done", id, rows });
      } catch (error) {
        // A value that does not fit its type keeps the upload, so the user can change the type.
        if (error instanceof DatasetFileError) send({ type: "error", error: error.message });
        else {
          console.error("import failed", error);
          send({ type: "error", error: "The import failed. Nothing was saved; please try again." });
        }
      } finally {
        if (open) controller.close();
      }
    },
    cancel() {
      open = false;
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // no-transform: keeps compression from holding the progress lines back.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
