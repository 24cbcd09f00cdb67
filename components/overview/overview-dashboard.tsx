"use client";

import { FilteredView } from "@/components/filtered-view/filtered-view";
import { useUrlFilters } from "@/components/filtered-view/use-url-filters";
import type { OverviewData } from "@/lib/data/overview";
import type { DateDefaults } from "@/lib/overview/filters";
import { useOverview } from "@/lib/swr/use-overview";
import { KpiCards } from "./kpi-cards";
import { OverviewCharts } from "./overview-charts";

interface Props {
  initialData: OverviewData;
  defaults: DateDefaults;
  dataRange: { first: string; last: string } | null;
}

export function OverviewDashboard({ initialData, defaults, dataRange }: Props) {
  const { filters, problems, navigate } = useUrlFilters(defaults);
  const { shown, error, isValidating, isStale } = useOverview(filters, initialData);
  return (
    <FilteredView
      filters={filters}
      problems={problems}
      dataRange={dataRange}
      navigate={navigate}
      error={error}
      isValidating={isValidating}
      isStale={isStale}
      shownKey={shown.key}
    >
      <KpiCards data={shown} />
      <OverviewCharts data={shown} />
    </FilteredView>
  );
}
