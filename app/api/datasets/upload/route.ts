import { authorizeAction } from "@/lib/auth/session";
import { analyseCsv } from "@/lib/datasets/analyse";
import { DatasetFileError } from "@/lib/datasets/errors";
import { FILE_NAME_HEADER, type UploadResponse } from "@/lib/datasets/protocol";
import { deleteUpload, receiveUpload, saveUploadMeta, tooLargeMessage } from "@/lib/datasets/uploads";
import { isSameOrigin } from "@/lib/datasets/same-origin";
import { env } from "@/lib/env";

// POST the raw CSV as the body (not multipart). Server actions cap bodies at 1 MB, so files come
// here; proxy.ts does not match this path, because Next.js buffers (and cuts at 10 MB) the body of
// every request its proxy sees. The session is checked here, before a byte is read.
export const dynamic = "force-dynamic";

function answer(body: UploadResponse, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

function fileNameOf(request: Request): string {
  const raw = request.headers.get(FILE_NAME_HEADER) ?? "";
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // Not URI-encoded: keep it as sent.
  }
  name = name
    .replace(/[\u0000-\u001f\u007f/\\]/g, "")
    .trim()
    .slice(0, 200);
  return name || "upload.csv";
}

export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request))
    return answer({ ok: false, error: "Cross-site requests are not accepted." }, 403);
  const auth = await authorizeAction();
  if (!auth.ok) return answer({ ok: false, error: auth.error }, 401);
  const limit = env.DATASET_MAX_MB * 2 ** 20;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > limit) return answer({ ok: false, error: tooLargeMessage(limit) }, 413);
  if (!request.body) return answer({ ok: false, error: "The file is empty." }, 400);

  let upload: { id: string; file: string; bytes: number } | null = null;
  try {
    upload = await receiveUpload(request.body, limit);
    const analysis = await analyseCsv(upload.file);
    const fileName = fileNameOf(request);
    saveUploadMeta(upload.id, {
      ownerId: auth.user.id,
      fileName,
      bytes: upload.bytes,
      columnCount: analysis.columns.length,
      rowCount: analysis.rowCount,
    });
    return answer({
      ok: true,
      data: { uploadId: upload.id, fileName, bytes: upload.bytes, ...analysis },
    });
  } catch (error) {
    if (upload) deleteUpload(upload.id);
    if (error instanceof DatasetFileError)
      return answer({ ok: false, error: error.message }, error.message.includes("larger than") ? 413 : 400);
    if (request.signal.aborted) return answer({ ok: false, error: "The upload was cancelled." }, 400);
    console.error("upload failed", error);
    return answer({ ok: false, error: "The file could not be received. Please try again." }, 500);
  }
}
