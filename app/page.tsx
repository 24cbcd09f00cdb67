import { redirect } from "next/navigation";
import { Suspense } from "react";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { OverviewSection, OverviewSkeleton } from "@/components/overview/overview-section";
import { getSessionUser } from "@/lib/auth/session";
import { getDefaultOverviewQuery } from "@/lib/data/preferences";

export default async function OverviewPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // A signed-in user's bare "/" opens their default filters (Settings), written into the URL so
  // the server-rendered numbers, a reload and the back button all show the same view.
  if (Object.keys(await props.searchParams).length === 0) {
    const user = await getSessionUser();
    const query = user ? await getDefaultOverviewQuery(user.id) : "";
    if (query) redirect(`/?${query}`);
  }
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload map />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="text-sm text-muted">Retail sales across every store, product and channel.</p>
      </div>
      <Suspense fallback={<OverviewSkeleton />}>
        <OverviewSection searchParams={props.searchParams} />
      </Suspense>
    </main>
  );
}
