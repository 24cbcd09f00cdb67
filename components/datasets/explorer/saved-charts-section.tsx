import { Card, Skeleton } from "@/components/ui/card";
import type { SessionUser } from "@/lib/auth/session";
import { getReadableDataset } from "@/lib/data/datasets";
import { getSavedCharts } from "@/lib/data/saved-charts";
import { getExplorerFigure } from "@/lib/datasets/explorer/figure";
import { explorerQueryString } from "@/lib/datasets/explorer/state";
import { parseStateFor } from "@/lib/datasets/explorer/validate";
import { SavedChartList, type SavedChartItem } from "./saved-chart-list";

/**
 * The user's saved charts on My dashboard, each computed now from its saved state over the
 * dataset's rows (never stored figures). A chart whose dataset is gone or no longer readable says so.
 */
export async function SavedChartsSection({ user }: { user: SessionUser }) {
  const charts = await getSavedCharts(user.id);
  const items: SavedChartItem[] = [];
  for (const chart of charts) {
    const dataset = await getReadableDataset(chart.datasetId, user);
    const parsed = dataset && chart.state ? parseStateFor(dataset, chart.state) : null;
    if (!dataset || !parsed?.ok) {
      items.push({ id: chart.id, name: chart.name, href: null, datasetName: null, figure: null });
      continue;
    }
    items.push({
      id: chart.id,
      name: chart.name,
      href: `/datasets/${dataset.id}?${explorerQueryString({ state: parsed.state, title: chart.name })}`,
      datasetName: dataset.name,
      figure: await getExplorerFigure(dataset, parsed.state),
    });
  }
  return (
    <Card title="Saved charts">
      {items.length ? (
        <SavedChartList items={items} />
      ) : (
        <p className="text-sm text-muted" data-testid="saved-charts-empty">
          No saved charts yet. Open a dataset, draw a chart and save it to see it here.
        </p>
      )}
    </Card>
  );
}

export function SavedChartsSkeleton() {
  return (
    <Card title="Saved charts">
      <Skeleton className="h-72 w-full" />
    </Card>
  );
}
