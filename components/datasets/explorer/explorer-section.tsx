import { Card, Skeleton } from "@/components/ui/card";
import type { Dataset } from "@/lib/data/datasets";
import { getExplorerFigure } from "@/lib/datasets/explorer/figure";
import { getColumnStats } from "@/lib/datasets/explorer/stats";
import { parseExplorerQuery } from "@/lib/datasets/explorer/state";
import { ColumnStatsTable } from "./column-stats";
import { Explorer } from "./explorer";

type SearchParams = Record<string, string | string[] | undefined>;

/** Server half of the Explorer: the first figure is in the HTML; later ones come from the action. */
export async function ExplorerSection({
  dataset,
  searchParams,
  canSave,
}: {
  dataset: Dataset;
  searchParams: Promise<SearchParams>;
  canSave: boolean;
}) {
  const columns = dataset.columns.map((c) => ({ name: c.name, type: c.type }));
  const { view } = parseExplorerQuery(await searchParams, columns);
  const initialFigure = columns.length ? await getExplorerFigure(dataset, view.state) : null;
  return (
    <Explorer datasetId={dataset.id} columns={columns} initialFigure={initialFigure} canSave={canSave} />
  );
}

export async function StatsSection({ dataset }: { dataset: Dataset }) {
  return <ColumnStatsTable stats={await getColumnStats(dataset)} />;
}

export function ExplorerSkeleton() {
  return (
    <Card>
      <Skeleton className="h-9 w-2/3" />
      <Skeleton className="mt-4 h-[28rem] w-full" />
    </Card>
  );
}

export function StatsSkeleton() {
  return (
    <Card title="Summary statistics">
      <Skeleton className="h-40 w-full" />
    </Card>
  );
}
