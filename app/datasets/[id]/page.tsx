import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import {
  ExplorerSection,
  ExplorerSkeleton,
  StatsSection,
  StatsSkeleton,
} from "@/components/datasets/explorer/explorer-section";
import { getSessionUser } from "@/lib/auth/session";
import { getReadableDataset } from "@/lib/data/datasets";

type Params = Promise<{ id: string }>;

/** The dataset if this request may read it; a missing and a forbidden id look the same. */
async function readable(params: Params) {
  const { id } = await params;
  if (!/^[1-9]\d{0,15}$/.test(id)) return null;
  return getReadableDataset(Number(id), await getSessionUser());
}

export async function generateMetadata(props: { params: Params }): Promise<Metadata> {
  const dataset = await readable(props.params);
  return { title: dataset ? dataset.name : "Not found" };
}

export default async function DatasetPage(props: {
  params: Params;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Checked here, beside the data: the owner, or anyone when the dataset is public.
  const user = await getSessionUser();
  const dataset = await readable(props.params);
  if (!dataset) notFound();
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="dataset-name">
          {dataset.name}
        </h1>
        <p className="text-sm text-muted">
          {dataset.rowCount.toLocaleString("en-US")} rows, {dataset.columns.length} columns ·{" "}
          {dataset.visibility === "public" ? "public" : "private"}
          {user && user.id === dataset.ownerId ? " · yours" : ""}
        </p>
      </div>
      <Suspense fallback={<ExplorerSkeleton />}>
        <ExplorerSection dataset={dataset} searchParams={props.searchParams} canSave={user !== null} />
      </Suspense>
      <Suspense fallback={<StatsSkeleton />}>
        <StatsSection dataset={dataset} />
      </Suspense>
    </main>
  );
}
