import type { Metadata } from "next";
import { Suspense } from "react";
import { DatasetLists, DatasetListsSkeleton } from "@/components/datasets/dataset-lists";
import { DatasetUpload } from "@/components/datasets/dataset-upload";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Your data" };

export default async function DatasetsPage() {
  // Checked here, beside the data: /datasets is not on the public list, but the page checks anyway.
  const user = await requireUser();
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your data</h1>
        <p className="text-sm text-muted">
          Upload a CSV file to explore it. Datasets are private to you until you share them; shared ones can
          be explored by anyone with the link, without signing in.
        </p>
      </div>
      <DatasetUpload maxMb={env.DATASET_MAX_MB} />
      <Suspense fallback={<DatasetListsSkeleton />}>
        <DatasetLists user={user} />
      </Suspense>
    </main>
  );
}
