import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-7xl px-4 py-16 sm:px-6">
      <div className="mx-auto max-w-md rounded-xl border border-border bg-surface p-6 text-center shadow-sm">
        <p className="text-sm font-medium text-muted">403</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">You do not have access to this page</h1>
        <p className="mt-2 text-sm text-muted">Ask an admin if you need it.</p>
        <Link href="/" className="mt-4 inline-block text-sm font-medium text-accent hover:underline">
          Back to the Overview
        </Link>
      </div>
    </main>
  );
}
