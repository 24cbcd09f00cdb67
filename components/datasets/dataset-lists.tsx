import { Skeleton } from "@/components/ui/card";
import type { SessionUser } from "@/lib/auth/session";
import { getDatasetLists, LIST_LIMIT } from "@/lib/data/datasets";
import { OwnDatasets } from "./own-datasets";
import { PublicDatasets } from "./public-datasets";

export async function DatasetLists({ user }: { user: SessionUser }) {
  const { own, shared } = await getDatasetLists(user);
  return (
    <>
      <section className="space-y-2" aria-labelledby="own-datasets-title">
        <h2 id="own-datasets-title" className="text-sm font-semibold tracking-tight">
          Your datasets
        </h2>
        {own.length === 0 ? (
          <p className="text-sm text-muted" data-testid="own-datasets-empty">
            Nothing yet: upload a CSV file above. Your datasets are private until you share them.
          </p>
        ) : (
          <OwnDatasets datasets={own} />
        )}
        {own.length === LIST_LIMIT && <p className="text-xs text-muted">Showing your newest {LIST_LIMIT}.</p>}
      </section>
      <section className="space-y-2" aria-labelledby="public-datasets-title">
        <h2 id="public-datasets-title" className="text-sm font-semibold tracking-tight">
          Public datasets
        </h2>
        <PublicDatasets datasets={shared} />
      </section>
    </>
  );
}

export function DatasetListsSkeleton() {
  return (
    <div className="space-y-3">
      <Skeleton className="h-5 w-40" />
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-5 w-40" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}
