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
