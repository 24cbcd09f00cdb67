import { authorizeAction } from "@/lib/auth/session";
import { exportDetailsCsv } from "@/lib/data/details-export";
import { getDataRange } from "@/lib/data/overview";
import { parseDetailsQuery } from "@/lib/details/state";
import { defaultDates } from "@/lib/overview/filters";

// A stream, not a page: never prerendered or cached.
export const dynamic = "force-dynamic";

/**
 * GET /api/details/export?<the Details page's query>: the matching orders as CSV, in the table's
 * sort order, streamed in constant memory (lib/data/details-export.ts). Checks the session itself
 * (a route handler is reachable by any client) and refuses a query it cannot read instead of
 * exporting something else than what the user saw.
 */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeAction();
  if (!auth.ok) return text(401, auth.error);
  const query = new URL(request.url).searchParams;
  const dataRange = await getDataRange();
  const defaults = defaultDates(dataRange?.last ?? null, new Date().toISOString().slice(0, 10));
  const { state, problems } = parseDetailsQuery(query, defaults);
  if (problems.length) return text(400, `The export was not started: ${problems.join(" ")}`);
  try {
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(exportDetailsCsv(state), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="chartroom-orders-${stamp}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    console.error("details export failed", error);
    return text(500, "The export could not be started. Please try again.");
  }
}

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
