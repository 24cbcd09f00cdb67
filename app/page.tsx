import { Suspense } from "react";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { OverviewSection, OverviewSkeleton } from "@/components/overview/overview-section";

export default async function OverviewPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
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
