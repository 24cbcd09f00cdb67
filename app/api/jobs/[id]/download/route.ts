import fs from "node:fs";
import { Readable } from "node:stream";
import { getSessionUser } from "@/lib/auth/session";
import { getVisibleJob } from "@/lib/data/jobs";
import { parseJobIdParam } from "@/lib/jobs/route-params";
import { exportFilePath } from "@/lib/jobs/runner";

export const dynamic = "force-dynamic";

/**
 * Streams a finished export to its owner (admins: any). The file is found from the job id alone
 * (<db dir>/exports/job-<id>.csv, a name the server made), so no request can name a path.
 */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const id = parseJobIdParam((await context.params).id);
  const job = id === null ? null : await getVisibleJob(id, user);
  if (!job || job.kind !== "export" || job.status !== "succeeded" || !job.fileName)
    return Response.json({ error: "No finished export with that id." }, { status: 404 });
  let file: fs.ReadStream;
  let size: number;
  try {
    const filePath = exportFilePath(job.id);
    size = (await fs.promises.stat(filePath)).size;
    file = fs.createReadStream(filePath);
  } catch {
    return Response.json({ error: "The export file is gone; run the export again." }, { status: 410 });
  }
  return new Response(Readable.toWeb(file) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="orders-export-${job.id}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
