import { getDataRange } from "@/lib/data/overview";
import { getStoresView } from "@/lib/data/stores";
import { defaultDates, parseOverviewQuery } from "@/lib/overview/filters";
import { parseStoreParam } from "./store-param";
import { StoresExplorer } from "./stores-explorer";

type SearchParams = Record<string, string | string[] | undefined>;

/** Server half of the Stores page (the page has checked the session): map and panel in the HTML. */
export async function StoresSection({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = await searchParams;
  const dataRange = await getDataRange();
  const defaults = defaultDates(dataRange?.last ?? null, new Date().toISOString().slice(0, 10));
  const { filters } = parseOverviewQuery(query, defaults);
  const { storeId } = parseStoreParam(query.store);
  const initialData = await getStoresView(filters, storeId);
  return <StoresExplorer initialData={initialData} defaults={defaults} dataRange={dataRange} />;
}
