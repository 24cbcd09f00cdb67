import { getDataRange, getOverviewData } from "@/lib/data/overview";
import { defaultDates, parseOverviewQuery } from "@/lib/overview/filters";
import { OverviewDashboard } from "./overview-dashboard";

type SearchParams = Record<string, string | string[] | undefined>;

/** Server half of the Overview: the first view arrives with every number already in the HTML. */
export async function OverviewSection({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const dataRange = await getDataRange();
  const defaults = defaultDates(dataRange?.last ?? null, new Date().toISOString().slice(0, 10));
  const { filters } = parseOverviewQuery(await searchParams, defaults);
  const initialData = await getOverviewData(filters);
  return <OverviewDashboard initialData={initialData} defaults={defaults} dataRange={dataRange} />;
}

export function OverviewSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the overview">
      <div className="h-9 w-2/3 animate-pulse rounded-md bg-surface-muted" />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-24 animate-pulse rounded-xl bg-surface-muted" />
        ))}
      </div>
      <div className="h-96 animate-pulse rounded-xl bg-surface-muted" />
    </div>
  );
}
