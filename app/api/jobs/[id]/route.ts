import { getSessionUser } from "@/lib/auth/session";
import { getJobResultJson } from "@/lib/data/jobs";
import { parseJobIdParam } from "@/lib/jobs/route-params";

export const dynamic = "force-dynamic";

/** A succeeded job's result (forecast series, profile), for its owner or an admin. It never changes. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  const id = parseJobIdParam((await context.params).id);
  const result = id === null ? null : await getJobResultJson(id, user);
  if (result === null) return Response.json({ error: "No finished job with that id." }, { status: 404 });
  return new Response(result, {
    headers: { "Content-Type": "application/json", "Cache-Control": "private, max-age=3600" },
  });
}
