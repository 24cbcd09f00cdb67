"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { saveChart } from "@/lib/actions/saved-charts";
import type { ExplorerState } from "@/lib/datasets/explorer/state";

/** Saves the current chart, by name, to the user's dashboard. */
export function SaveChartForm({
  datasetId,
  state,
  suggestedName,
}: {
  datasetId: number;
  state: ExplorerState;
  suggestedName: string;
}) {
  const [name, setName] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, startSaving] = useTransition();
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        startSaving(async () => {
          const result = await saveChart({ datasetId, name: name.trim() || suggestedName, state });
          setMessage(
            result.ok ? { ok: true, text: "Saved to My dashboard." } : { ok: false, text: result.error },
          );
        });
      }}
    >
      <input
        aria-label="Chart name"
        className="h-9 min-w-64 rounded-md border border-border bg-surface px-2 text-sm"
        placeholder={suggestedName}
        maxLength={120}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button
        type="submit"
        disabled={saving}
        className="h-9 rounded-md bg-accent px-3 text-sm text-accent-text disabled:opacity-60"
      >
        {saving ? "Saving…" : "Save to My dashboard"}
      </button>
      {message && (
        <p
          role="status"
          data-testid="save-status"
          className={`text-sm ${message.ok ? "text-positive" : "text-negative"}`}
        >
          {message.text}{" "}
          {message.ok && (
            <Link href="/dashboard" className="underline">
              Open it
            </Link>
          )}
        </p>
      )}
    </form>
  );
}
