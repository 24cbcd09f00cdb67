import type { Metadata } from "next";
import { PerformanceReportView } from "@/components/admin/performance-report";
import { requireUser } from "@/lib/auth/session";
import { getPerformanceReport, performanceWindowSchema } from "@/lib/profiling/report";

export const metadata: Metadata = { title: "Performance" };

export default async function PerformancePage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser("admin");
  const { minutes } = await props.searchParams;
  const report = await getPerformanceReport(performanceWindowSchema.parse(minutes));
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Performance</h1>
        <p className="text-sm text-muted">
          This server process since it started: request timings are always recorded (the last 20,000 requests,
          in memory); the database/cache breakdown, Server-Timing headers and SQL statement stats need{" "}
          <code>PROFILER=1</code>.
        </p>
      </div>
      <PerformanceReportView report={report} />
    </main>
  );
}
