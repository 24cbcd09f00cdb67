import { getDashboardData } from "@/lib/data/dashboard";
import { getDataRange } from "@/lib/data/overview";
import { defaultDates, parseOverviewQuery } from "@/lib/overview/filters";
import { PrivateDashboard } from "./private-dashboard";

type SearchParams = Record<string, string | string[] | undefined>;

/** Server half of My dashboard; the page has already checked the session. */
export async function DashboardSection({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const dataRange = await getDataRange();
  const defaults = defaultDates(dataRange?.last ?? null, new Date().toISOString().slice(0, 10));
  const { filters } = parseOverviewQuery(await searchParams, defaults);
  const initialData = await getDashboardData(filters);
  return <PrivateDashboard initialData={initialData} defaults={defaults} dataRange={dataRange} />;
}
