"use client";

import { FilteredView } from "@/components/filtered-view/filtered-view";
import { useUrlFilters } from "@/components/filtered-view/use-url-filters";
import { KpiCards } from "@/components/overview/kpi-cards";
import { OverviewCharts } from "@/components/overview/overview-charts";
import type { DashboardData } from "@/lib/data/dashboard";
import type { DateDefaults } from "@/lib/overview/filters";
import { useDashboard } from "@/lib/swr/use-dashboard";
import { ProfitCharts } from "./profit-charts";

interface Props {
  initialData: DashboardData;
  defaults: DateDefaults;
  dataRange: { first: string; last: string } | null;
}

export function PrivateDashboard({ initialData, defaults, dataRange }: Props) {
  const { filters, problems, navigate } = useUrlFilters(defaults);
  const { shown, error, isValidating, isStale } = useDashboard(filters, initialData);
  return (
    <FilteredView
      filters={filters}
      problems={problems}
      dataRange={dataRange}
      navigate={navigate}
      error={error}
      isValidating={isValidating}
      isStale={isStale}
      shownKey={shown.overview.key}
    >
      <KpiCards data={shown.overview} />
      <ProfitCharts data={shown.profit} empty={!shown.overview.hasData} />
      <OverviewCharts data={shown.overview} />
    </FilteredView>
  );
}
