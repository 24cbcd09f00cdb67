import type { Metadata } from "next";
import { Suspense } from "react";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { OverviewSkeleton } from "@/components/overview/overview-section";
import { StoresSection } from "@/components/stores/stores-section";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Checked here, beside the data, whatever the request guard decided: the panel shows cost and profit.
  await requireUser();
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload map />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Stores</h1>
        <p className="text-sm text-muted">
          Every store on the map, sized by revenue. Pick one on the map or in the list to see its figures.
        </p>
      </div>
      <Suspense fallback={<OverviewSkeleton />}>
        <StoresSection searchParams={props.searchParams} />
      </Suspense>
    </main>
  );
}
