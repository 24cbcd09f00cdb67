import { getHealth } from "@/lib/data/health";

// Public (lib/auth/config.ts), for load balancers and the Docker HEALTHCHECK: 200 {status:"ok"}
// when the database answers and its schema is up to date, else 503 {status:"unavailable"}. Nothing
// else (no paths, versions or counts): it is reachable by anyone.
export const dynamic = "force-dynamic";

export async function GET() {
  const healthy = await getHealth();
  return Response.json(healthy ? { status: "ok" } : { status: "unavailable" }, {
    status: healthy ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
