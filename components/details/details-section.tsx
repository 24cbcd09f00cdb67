import { getDetailsData } from "@/lib/data/details";
import { getDataRange } from "@/lib/data/overview";
import { parseDetailsQuery } from "@/lib/details/state";
import { defaultDates } from "@/lib/overview/filters";
import { DetailsView } from "./details-view";

type SearchParams = Record<string, string | string[] | undefined>;

/** Server half of the Details page (the page has checked the session): the first view has its rows. */
export async function DetailsSection({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const dataRange = await getDataRange();
  const defaults = defaultDates(dataRange?.last ?? null, new Date().toISOString().slice(0, 10));
  const { state } = parseDetailsQuery(await searchParams, defaults);
  const initialData = await getDetailsData(state);
  return <DetailsView initialData={initialData} defaults={defaults} dataRange={dataRange} />;
}

export function DetailsSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the orders">
      <div className="h-9 w-2/3 animate-pulse rounded-md bg-surface-muted" />
      <div className="grid gap-4 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-72 animate-pulse rounded-xl bg-surface-muted" />
        ))}
      </div>
      <div className="h-96 animate-pulse rounded-xl bg-surface-muted" />
    </div>
  );
}
