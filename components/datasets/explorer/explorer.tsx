"use client";

import { useEffect, useState } from "react";
import { Segmented } from "@/components/ui/segmented";
import { Card } from "@/components/ui/card";
import type { ExplorerFigure } from "@/lib/datasets/explorer/figure";
import {
  AGGREGATIONS,
  CHART_TYPES,
  columnTypesFor,
  fitState,
  usesField,
  type ColumnInfo,
  type ExplorerState,
} from "@/lib/datasets/explorer/state";
import { ExplorerChart } from "./explorer-chart";
import { FilterEditor } from "./filter-editor";
import { SaveChartForm } from "./save-chart-form";
import { useExplorerChart } from "./use-explorer-chart";
import { useExplorerUrl } from "./use-explorer-url";

const CHART_LABELS = {
  scatter: "Scatter",
  line: "Line",
  bar: "Bar",
  histogram: "Histogram",
  box: "Box",
  heatmap: "Heatmap",
} as const;
const AGG_LABELS = {
  sum: "Sum",
  mean: "Mean",
  median: "Median",
  count: "Count",
  min: "Min",
  max: "Max",
} as const;

const selectClass = "h-9 rounded-md border border-border bg-surface px-2 text-sm";

interface Props {
  datasetId: number;
  columns: ColumnInfo[];
  initialFigure: ExplorerFigure | null;
  canSave: boolean;
}

function ColumnSelect({
  label,
  value,
  columns,
  allowNone,
  onChange,
}: {
  label: string;
  value: string | null;
  columns: readonly ColumnInfo[];
  allowNone?: boolean;
  onChange: (next: string | null) => void;
}) {
  return (
    <label className="flex flex-col gap-1 text-xs text-muted">
      {label}
      <select
        aria-label={label}
        className={selectClass}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || null)}
      >
        {allowNone && <option value="">None</option>}
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} ({c.type})
          </option>
        ))}
      </select>
    </label>
  );
}

/** Pick a chart type, X, Y, colour, aggregation, frames and filters; one request per change. */
export function Explorer({ datasetId, columns, initialFigure, canSave }: Props) {
  const { view, problems, navigate } = useExplorerUrl(columns);
  const { state } = view;
  // The title is typed into local state and mirrored into the URL: reading it back from the URL
  // while typing lost keystrokes, as URL updates land a render later. Back and forward restore it.
  const [title, setTitle] = useState(view.title);
  useEffect(() => {
    const restore = () => setTitle(new URLSearchParams(window.location.search).get("title") ?? "");
    window.addEventListener("popstate", restore);
    return () => window.removeEventListener("popstate", restore);
  }, []);
  const { shown, error, isValidating, isStale } = useExplorerChart(datasetId, state, initialFigure);
  const change = (patch: Partial<ExplorerState>) =>
    navigate({ state: fitState({ ...state, ...patch }, columns), title });
  const ofTypes = (types: readonly string[] | null) =>
    columns.filter((c) => !types || types.includes(c.type));
  const yUsed = usesField(state.chart, "y") && !(usesField(state.chart, "agg") && state.agg === "count");

  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-end gap-3" data-testid="explorer-controls">
          <Segmented
            label="Chart type"
            options={CHART_TYPES.map((value) => ({ value, label: CHART_LABELS[value] }))}
            value={state.chart}
            onChange={(chart) => change({ chart })}
          />
          <ColumnSelect
            label="X"
            value={state.x}
            columns={ofTypes(columnTypesFor(state.chart, "x"))}
            onChange={(x) => x && change({ x })}
          />
          {usesField(state.chart, "agg") && (
            <label className="flex flex-col gap-1 text-xs text-muted">
              Aggregation
              <select
                aria-label="Aggregation"
                className={selectClass}
                value={state.agg}
                onChange={(e) => change({ agg: e.target.value as ExplorerState["agg"] })}
              >
                {AGGREGATIONS.map((agg) => (
                  <option key={agg} value={agg}>
                    {AGG_LABELS[agg]}
                  </option>
                ))}
              </select>
            </label>
          )}
          {yUsed && (
            <ColumnSelect
              label="Y"
              value={state.y}
              columns={ofTypes(columnTypesFor(state.chart, "y"))}
              onChange={(y) => y && change({ y })}
            />
          )}
          {usesField(state.chart, "color") && (
            <ColumnSelect
              label="Colour"
              value={state.color}
              columns={columns}
              allowNone
              onChange={(color) => change({ color })}
            />
          )}
          {usesField(state.chart, "frame") && (
            <ColumnSelect
              label="Animate by"
              value={state.frame}
              columns={columns}
              allowNone
              onChange={(frame) => change({ frame })}
            />
          )}
          <label className="flex flex-col gap-1 text-xs text-muted">
            Title
            <input
              aria-label="Title"
              className={`${selectClass} min-w-56`}
              value={title}
              maxLength={120}
              placeholder="Chart title"
              onChange={(e) => {
                setTitle(e.target.value);
                navigate({ state, title: e.target.value }, { replace: true });
              }}
            />
          </label>
        </div>
        <div className="mt-3">
          <FilterEditor
            columns={columns}
            filters={state.filters}
            onChange={(filters) => change({ filters })}
          />
        </div>
      </Card>

      {problems.length > 0 && (
        <div
          role="alert"
          data-testid="explorer-problems"
          className="rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
        >
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      )}
      {error && !isValidating && (
        <p
          role="alert"
          data-testid="explorer-error"
          className="rounded-lg border border-border bg-warning-bg p-3 text-sm text-warning-text"
        >
          {error.message}
        </p>
      )}

      <Card>
        <div
          data-testid="explorer-content"
          data-key={shown?.key ?? ""}
          aria-busy={isStale}
          className={`transition-opacity duration-150 ${isStale ? "opacity-60" : "opacity-100"}`}
        >
          {shown ? (
            <>
              <ExplorerChart figure={shown} title={title} testId="explorer-chart" className="h-[28rem]" />
              <p className="mt-2 text-xs text-muted" data-testid="explorer-summary">
                {shown.rowsUsed.toLocaleString("en-US")} rows summarized;{" "}
                {shown.pointsDrawn.toLocaleString("en-US")}{" "}
                {shown.chart === "box" ? "boxes" : shown.chart === "heatmap" ? "cells" : "points"} drawn.
                {shown.notes.map((note) => ` ${note}`)}
              </p>
            </>
          ) : (
            <p className="text-sm text-muted">Choose columns to draw a chart.</p>
          )}
        </div>
      </Card>

      {canSave && (
        <Card title="Save this chart">
          <SaveChartForm
            datasetId={datasetId}
            state={state}
            suggestedName={title || `${CHART_LABELS[state.chart]} of ${state.y ?? state.x} by ${state.x}`}
          />
        </Card>
      )}
    </div>
  );
}
