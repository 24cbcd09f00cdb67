import Link from "next/link";
import { Skeleton } from "@/components/ui/card";
import type { SessionUser } from "@/lib/auth/session";
import { getDatasetLists, LIST_LIMIT, type DatasetSummary } from "@/lib/data/datasets";
import { OwnDatasets } from "./own-datasets";

const numberFormat = new Intl.NumberFormat("en-US");

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

function PublicDatasets({ datasets }: { datasets: DatasetSummary[] }) {
  if (datasets.length === 0) return <p className="text-sm text-muted">No public datasets yet.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
      <table className="w-full text-sm" data-testid="public-datasets">
        <thead className="text-left text-muted">
          <tr className="border-b border-border">
            <th className="px-4 py-2 font-medium">Name</th>
            <th className="px-4 py-2 text-right font-medium">Rows</th>
            <th className="px-4 py-2 text-right font-medium">Columns</th>
            <th className="px-4 py-2 font-medium">Shared by</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => (
            <tr
              key={dataset.id}
              data-dataset-id={dataset.id}
              className="border-b border-border last:border-0"
            >
              <td className="px-4 py-2 font-medium">
                <Link href={`/datasets/${dataset.id}`} className="hover:underline">
                  {dataset.name}
                </Link>
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{numberFormat.format(dataset.rowCount)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{dataset.columnCount}</td>
              <td className="px-4 py-2 text-muted">
                {dataset.source === "builtin" ? "Built-in example" : dataset.ownerName}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
