"use client";

import { useEffect, useRef, useState } from "react";
import { newPoints, WINDOW_SECONDS, type HealthSnapshot, type LivePoint } from "@/lib/live/protocol";

export type LiveStatus = "connecting" | "live" | "paused" | "reconnecting";

interface Handlers {
  /** New points in id order, each once; `reset` after a gap longer than the window. */
  onPoints: (points: LivePoint[], reset: boolean) => void;
  onHealth?: (snapshot: HealthSnapshot) => void;
}

/** Manual reconnects (when the browser gives up) back off from 1 s to 10 s. */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * The /api/live stream. Closed while the tab is hidden and reopened from the last id it has when
 * it shows again; EventSource reconnects on its own after a dropped connection (sending
 * Last-Event-ID), and when it gives up (the server answered with an error while restarting) a new
 * one is opened with ?since=. The server replays the missed seconds; points arriving in a burst
 * are appended in one batch, and ids already shown are dropped (newPoints).
 */
export function useLiveStream(handlers: Handlers): { status: LiveStatus; lastId: number | null } {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [lastId, setLastId] = useState<number | null>(null);
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let last: number | null = null;
    let pending: LivePoint[] = [];
    let flushing: ReturnType<typeof setTimeout> | undefined;

    const flush = () => {
      flushing = undefined;
      const { accepted, lastId: newLast } = newPoints(last, pending);
      pending = [];
      if (accepted.length === 0) return;
      const reset = last !== null && accepted[0]!.id - last > WINDOW_SECONDS;
      last = newLast;
      setLastId(newLast);
      handlersRef.current.onPoints(accepted, reset);
    };

    const open = () => {
      clearTimeout(retry);
      source?.close();
      const url = last === null ? "/api/live" : `/api/live?since=${last}`;
      const es = new EventSource(url);
      source = es;
      es.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      es.addEventListener("point", (event) => {
        pending.push(JSON.parse((event as MessageEvent<string>).data) as LivePoint);
        // A replay arrives as hundreds of events at once: append them in one extendTraces.
        flushing ??= setTimeout(flush, 30);
      });
      es.addEventListener("health", (event) => {
        handlersRef.current.onHealth?.(JSON.parse((event as MessageEvent<string>).data) as HealthSnapshot);
      });
      es.onerror = () => {
        if (source !== es) return;
        setStatus("reconnecting");
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          retry = setTimeout(open, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
        }
      };
    };

    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        clearTimeout(retry);
        source?.close();
        source = null;
        setStatus("paused");
      } else if (!source) {
        setStatus("connecting");
        open();
      }
    };

    // A tab opened in the background stays "connecting" until it is shown.
    if (document.visibilityState === "visible") open();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      clearTimeout(retry);
      clearTimeout(flushing);
      source?.close();
    };
  }, []);

  return { status, lastId };
}
