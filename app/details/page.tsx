import type { Metadata } from "next";
import { Suspense } from "react";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { DetailsSection, DetailsSkeleton } from "@/components/details/details-section";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Details" };

export default async function DetailsPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Checked here, beside the data, whatever the request guard decided.
  await requireUser();
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Details</h1>
        <p className="text-sm text-muted">
          Every order behind the figures, with cost and profit: filter, sort, page through and export them.
        </p>
      </div>
      <Suspense fallback={<DetailsSkeleton />}>
        <DetailsSection searchParams={props.searchParams} />
      </Suspense>
    </main>
  );
}
