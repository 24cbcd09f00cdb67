"use client";

export default function DatasetsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-7xl space-y-3 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Your data</h1>
      <p role="alert" className="rounded-md bg-warning-bg px-3 py-2 text-sm text-warning-text">
        Your datasets could not be loaded. Nothing was changed.
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-muted"
      >
        Try again
      </button>
    </main>
  );
}
