// In the (list) group so it covers only /datasets: at app/datasets/ it would also wrap
// /datasets/[id] in Suspense, and that page's notFound() then answered 200 instead of 404.
import { DatasetListsSkeleton } from "@/components/datasets/dataset-lists";
import { Skeleton } from "@/components/ui/card";

export default function Loading() {
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-6 sm:px-6">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-40 w-full" />
      <DatasetListsSkeleton />
    </main>
  );
}
