import { getSessionUser } from "@/lib/auth/session";
import { listJobs } from "@/lib/data/jobs";

export const dynamic = "force-dynamic";

/** The jobs list for the polling fallback (when the event stream cannot be opened). */
export async function GET() {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "Sign in first." }, { status: 401 });
  return Response.json({ jobs: await listJobs(user) }, { headers: { "Cache-Control": "no-store" } });
}
