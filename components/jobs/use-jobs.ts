"use client";

import { useEffect, useState } from "react";
import useSWR from "swr";
import type { JobSummary } from "@/lib/jobs/kinds";

export const JOBS_KEY = "jobs";
/** Polling interval while the event stream is down. */
const POLL_MS = 2_000;
const LIST_LIMIT = 50;

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store" });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `Request failed (${response.status})`);
  return body;
}

/** Newest first, one entry per id: a live update replaces the job it names. */
export function mergeJob(list: readonly JobSummary[], job: JobSummary): JobSummary[] {
  const rest = list.filter((item) => item.id !== job.id);
  return [job, ...rest].sort((a, b) => b.id - a.id).slice(0, LIST_LIMIT);
}

/**
 * The jobs the user may see, live: a Server-Sent Event stream sends the list on connect (so a
 * reload or another tab starts from the current state) and then each change. When the stream
 * fails, SWR polls the list instead until the stream is back.
 */
export function useJobs(initialJobs: JobSummary[]) {
  const [streaming, setStreaming] = useState(false);
  const swr = useSWR<JobSummary[], Error>(
    JOBS_KEY,
    async () => (await fetchJson<{ jobs: JobSummary[] }>("/api/jobs")).jobs,
    {
      fallbackData: initialJobs,
      revalidateOnMount: false,
      revalidateIfStale: false,
      revalidateOnFocus: false,
      refreshInterval: streaming ? 0 : POLL_MS,
    },
  );
  const { mutate } = swr;

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/jobs/events");
    source.addEventListener("jobs", (event) => {
      setStreaming(true);
      void mutate(JSON.parse((event as MessageEvent<string>).data) as JobSummary[], { revalidate: false });
    });
    source.addEventListener("job", (event) => {
      const job = JSON.parse((event as MessageEvent<string>).data) as JobSummary;
      void mutate((list) => mergeJob(list ?? [], job), { revalidate: false });
    });
    // The browser reconnects by itself; until a new "jobs" snapshot arrives, poll.
    source.onerror = () => setStreaming(false);
    return () => source.close();
  }, [mutate]);

  return { jobs: swr.data ?? initialJobs, streaming, error: swr.error, mutate };
}

/** A finished job's result; it never changes, so it is fetched once per page. */
export function useJobResult<T>(id: number, enabled: boolean) {
  return useSWR<T, Error>(enabled ? `job-result|${id}` : null, () => fetchJson<T>(`/api/jobs/${id}`), {
    revalidateIfStale: false,
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    shouldRetryOnError: false,
  });
}
