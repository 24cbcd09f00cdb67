"use client";

import { useSyncExternalStore } from "react";

// The chart-animation preference lives on <html data-animation="on|off">, set before first paint
// by the root layout (lib/preferences/boot.ts) and changed by the settings page, so any chart reads
// it without a provider or a request.

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-animation"] });
  return () => observer.disconnect();
}

const current = () => document.documentElement.dataset.animation !== "off";

/** Whether charts may animate their transitions (the user's preference, kept live). */
export function useChartAnimation(): boolean {
  return useSyncExternalStore(subscribe, current, () => true);
}
