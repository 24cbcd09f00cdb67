import type { Metadata } from "next";
import Link from "next/link";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { LiveView } from "@/components/live/live-view";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Live" };

export default async function LivePage() {
  const user = await requireUser();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Live</h1>
        <p className="text-sm text-muted">
          Today&apos;s orders as they arrive, one point per second (published 2 s after the second ends, so a
          point never changes). Today&apos;s totals:{" "}
          <Link className="underline" href={`/?live=1&from=${today}&to=${today}&granularity=day`}>
            the Overview with today&apos;s live orders
          </Link>
          .
        </p>
        {env.LIVE_FEED === "off" && (
          <p className="mt-2 text-sm text-muted" data-testid="live-feed-off">
            The order simulator is off in this server (LIVE_FEED=off), so no new orders arrive; `npm run demo`
            turns it on.
          </p>
        )}
      </div>
      <LiveView isAdmin={user.role === "admin"} />
    </main>
  );
}
