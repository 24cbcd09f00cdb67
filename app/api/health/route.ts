import { getHealth } from "@/lib/data/health";

// Public (lib/auth/config.ts): says only whether the database answers.
export const dynamic = "force-dynamic";

export function GET() {
  const healthy = getHealth();
  return Response.json(healthy ? { status: "ok" } : { status: "unavailable" }, {
    status: healthy ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
