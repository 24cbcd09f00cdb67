"use client";

import { useMemo } from "react";
import { Plot } from "@/components/charts/plot";
import { useThemeMode } from "@/components/theme/use-theme-mode";
import type { ExplorerFigure } from "@/lib/datasets/explorer/figure";
import { plotData, plotFrames, plotLayout } from "./to-plotly";

/** One Explorer figure drawn with the theme; a title change is a layout-only update. */
export function ExplorerChart({
  figure,
  title,
  testId,
  className,
}: {
  figure: ExplorerFigure;
  title: string;
  testId: string;
  className?: string;
}) {
  const mode = useThemeMode();
  const data = useMemo(() => plotData(figure, mode), [figure, mode]);
  const frames = useMemo(() => plotFrames(figure, mode), [figure, mode]);
  const layout = useMemo(() => plotLayout(figure, mode, title), [figure, mode, title]);
  return (
    <Plot
      testId={testId}
      label={`${title || figure.chart} chart of ${figure.axes.y.title || "rows"} by ${figure.axes.x.title}`}
      dataKey={`${figure.key}|${mode}`}
      data={data}
      layout={layout}
      frames={frames}
      className={className}
    />
  );
}
