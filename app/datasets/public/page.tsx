import type { Metadata } from "next";
import Link from "next/link";
import { PublicDatasets } from "@/components/datasets/public-datasets";
import { getSessionUser } from "@/lib/auth/session";
import { getPublicDatasets } from "@/lib/data/datasets";

export const metadata: Metadata = { title: "Public datasets" };

// Public (the "/datasets/" prefix in lib/auth/config.ts): lists only datasets anyone may read,
// read-only. The owner's own list and every write stay at /datasets, behind a session.
export default async function PublicDatasetsPage() {
  const [user, datasets] = await Promise.all([getSessionUser(), getPublicDatasets()]);
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Public datasets</h1>
        <p className="text-sm text-muted">
          Datasets their owners shared, and built-in examples: anyone can explore them.{" "}
          {user ? (
            <Link href="/datasets" className="underline">
              Upload your own
            </Link>
          ) : (
            <>
              <Link href="/login?callbackUrl=%2Fdatasets" className="underline">
                Sign in
              </Link>{" "}
              to upload your own.
            </>
          )}
        </p>
      </div>
      <PublicDatasets datasets={datasets} />
    </main>
  );
}
