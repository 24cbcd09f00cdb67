import Link from "next/link";

// The same page for a dataset that does not exist and one the visitor may not read.
export default function DatasetNotFound() {
  return (
    <main className="mx-auto max-w-3xl px-4 py-16 text-center sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="dataset-not-found">
        Dataset not found
      </h1>
      <p className="mt-2 text-sm text-muted">This dataset does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-6 inline-block text-sm underline">
        Back to the Overview
      </Link>
    </main>
  );
}
