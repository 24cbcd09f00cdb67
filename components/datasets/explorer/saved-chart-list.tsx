"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteSavedChart, renameSavedChart } from "@/lib/actions/saved-charts";
import type { ExplorerFigure } from "@/lib/datasets/explorer/figure";
import { ExplorerChart } from "./explorer-chart";

export interface SavedChartItem {
  id: number;
  name: string;
  /** The chart in the Explorer, or null when its dataset is no longer available. */
  href: string | null;
  datasetName: string | null;
  figure: ExplorerFigure | null;
}

function SavedChartCard({ item }: { item: SavedChartItem }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(item.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<{ ok: boolean; error?: string }>) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) return setError(result.error ?? "Something went wrong.");
      setError(null);
      setEditing(false);
      router.refresh();
    });
  return (
    <li className="rounded-lg border border-border p-3" data-testid="saved-chart" data-chart-id={item.id}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        {editing ? (
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              run(() => renameSavedChart({ id: item.id, name }));
            }}
          >
            <input
              aria-label="New name"
              className="h-8 rounded-md border border-border bg-surface px-2 text-sm"
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="submit"
              disabled={pending}
              className="h-8 rounded-md bg-accent px-3 text-sm text-accent-text"
            >
              Save name
            </button>
          </form>
        ) : (
          <h3 className="text-sm font-semibold" data-testid="saved-chart-name">
            {item.name}
          </h3>
        )}
        <div className="flex items-center gap-2 text-sm">
          {item.href && (
            <Link href={item.href} className="text-muted underline hover:text-text">
              Open in {item.datasetName}
            </Link>
          )}
          <button type="button" className="text-muted hover:text-text" onClick={() => setEditing(!editing)}>
            {editing ? "Cancel" : "Rename"}
          </button>
          <button
            type="button"
            disabled={pending}
            className="text-negative hover:underline"
            onClick={() => run(() => deleteSavedChart({ id: item.id }))}
          >
            Delete
          </button>
        </div>
      </div>
      {error && (
        <p role="alert" className="text-sm text-negative">
          {error}
        </p>
      )}
      {item.figure ? (
        <ExplorerChart
          figure={item.figure}
          title=""
          testId={`saved-chart-plot-${item.id}`}
          className="h-72"
        />
      ) : (
        <p className="text-sm text-muted">This chart&apos;s dataset is no longer available.</p>
      )}
    </li>
  );
}

export function SavedChartList({ items }: { items: SavedChartItem[] }) {
  return (
    <ul className="grid gap-4 lg:grid-cols-2">
      {items.map((item) => (
        <SavedChartCard key={`${item.id}|${item.name}`} item={item} />
      ))}
    </ul>
  );
}
