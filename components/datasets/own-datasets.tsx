"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { deleteDataset, renameDataset, setDatasetVisibility } from "@/lib/actions/datasets";
import type { ActionResult } from "@/lib/actions/result";
import type { DatasetSummary } from "@/lib/data/datasets";

const numberFormat = new Intl.NumberFormat("en-US");
const buttonClass =
  "rounded-md border border-border px-2.5 py-1 text-sm hover:bg-surface-muted disabled:opacity-60";

/** The owner's datasets with rename, share / make private and delete (each one action). */
export function OwnDatasets({ datasets }: { datasets: DatasetSummary[] }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  // Each action revalidates /datasets, so the list is fresh when it resolves (same round trip).
  function run(action: () => Promise<ActionResult<null>>, after?: () => void) {
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : result.error);
      if (result.ok) after?.();
    });
  }

  return (
    <div className="space-y-2">
      {error && (
        <p role="alert" className="rounded-md bg-warning-bg px-3 py-2 text-sm text-warning-text">
          {error}
        </p>
      )}
      <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
        <table className="w-full text-sm" data-testid="own-datasets">
          <thead className="text-left text-muted">
            <tr className="border-b border-border">
              <th className="px-4 py-2 font-medium">Name</th>
              <th className="px-4 py-2 text-right font-medium">Rows</th>
              <th className="px-4 py-2 text-right font-medium">Columns</th>
              <th className="px-4 py-2 font-medium">Visibility</th>
              <th className="px-4 py-2 font-medium">Actions</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((dataset) => (
              <DatasetRow key={dataset.id} dataset={dataset} pending={pending} run={run} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function DatasetRow({
  dataset,
  pending,
  run,
}: {
  dataset: DatasetSummary;
  pending: boolean;
  run: (action: () => Promise<ActionResult<null>>, after?: () => void) => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const shared = dataset.visibility === "public";

  function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    run(
      () => renameDataset({ id: dataset.id, name }),
      () => setRenaming(false),
    );
  }

  return (
    <tr data-dataset-id={dataset.id} className="border-b border-border last:border-0">
      <td className="px-4 py-2 font-medium">
        {renaming ? (
          <form onSubmit={rename} className="flex gap-2" aria-label={`Rename ${dataset.name}`}>
            <input
              name="name"
              defaultValue={dataset.name}
              maxLength={120}
              required
              autoFocus
              aria-label="New name"
              className="rounded-md border border-border bg-background px-2 py-1 text-sm"
            />
            <button type="submit" disabled={pending} className={buttonClass}>
              Save
            </button>
            <button type="button" onClick={() => setRenaming(false)} className={buttonClass}>
              Cancel
            </button>
          </form>
        ) : (
          <Link href={`/datasets/${dataset.id}`} className="hover:underline">
            {dataset.name}
          </Link>
        )}
        {dataset.fileName && <div className="text-xs font-normal text-muted">{dataset.fileName}</div>}
      </td>
      <td className="px-4 py-2 text-right tabular-nums">{numberFormat.format(dataset.rowCount)}</td>
      <td className="px-4 py-2 text-right tabular-nums">{dataset.columnCount}</td>
      <td className="px-4 py-2" data-testid="dataset-visibility">
        {shared ? "Public" : "Private"}
      </td>
      <td className="px-4 py-2">
        <div className="flex flex-wrap gap-2">
          {!renaming && (
            <button
              type="button"
              disabled={pending}
              onClick={() => setRenaming(true)}
              className={buttonClass}
            >
              Rename
            </button>
          )}
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              run(() => setDatasetVisibility({ id: dataset.id, visibility: shared ? "private" : "public" }))
            }
            className={buttonClass}
          >
            {shared ? "Make private" : "Share publicly"}
          </button>
          {confirmingDelete ? (
            <>
              <button
                type="button"
                disabled={pending}
                onClick={() => run(() => deleteDataset({ id: dataset.id }))}
                className={`${buttonClass} text-negative`}
              >
                Delete for good
              </button>
              <button type="button" onClick={() => setConfirmingDelete(false)} className={buttonClass}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              disabled={pending}
              onClick={() => setConfirmingDelete(true)}
              className={buttonClass}
            >
              Delete
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
