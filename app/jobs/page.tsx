import type { Metadata } from "next";
import { PlotlyPreload } from "@/components/charts/plotly-preload";
import { JobsPanel } from "@/components/jobs/jobs-panel";
import { requireUser } from "@/lib/auth/session";
import { listJobs, listProfilableDatasets } from "@/lib/data/jobs";
import { getDataRange } from "@/lib/data/overview";
import { defaultDates } from "@/lib/overview/filters";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  // Checked here, beside the data, whatever the request guard decided.
  const user = await requireUser();
  const [jobs, datasets, dataRange] = await Promise.all([
    listJobs(user),
    listProfilableDatasets(user),
    getDataRange(),
  ]);
  const dates = defaultDates(dataRange?.last ?? null, new Date().toISOString().slice(0, 10));
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <PlotlyPreload />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Jobs</h1>
        <p className="text-sm text-muted">
          Long work runs in the background: leave this page or reload it, and the progress is still here.
          {user.role === "admin" ? " As an admin you see everyone’s jobs." : ""}
        </p>
      </div>
      <JobsPanel
        userId={user.id}
        isAdmin={user.role === "admin"}
        initialJobs={jobs}
        datasets={datasets}
        defaultFilters={{ regions: [], categories: [], channels: [], ...dates, granularity: "week" }}
      />
    </main>
  );
}
