import type { Metadata } from "next";
import { Suspense } from "react";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { DashboardSection } from "@/components/dashboard/dashboard-section";
import { SavedChartsSection, SavedChartsSkeleton } from "@/components/datasets/explorer/saved-charts-section";
import { OverviewSkeleton } from "@/components/overview/overview-section";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "My dashboard" };

export default async function DashboardPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Checked here, beside the data, whatever the request guard decided.
  const user = await requireUser();
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload map />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="dashboard-greeting">
          Welcome back, {user.username}
        </h1>
        <p className="text-sm text-muted">
          Everything on the Overview, plus cost and profit by region and by store: visible to signed-in users
          only.
        </p>
      </div>
      <Suspense fallback={<OverviewSkeleton />}>
        <DashboardSection searchParams={props.searchParams} />
      </Suspense>
      <Suspense fallback={<SavedChartsSkeleton />}>
        <SavedChartsSection user={user} />
      </Suspense>
    </main>
  );
}
