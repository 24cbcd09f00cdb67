"use client";

import { useSyncExternalStore } from "react";
import type { ThemeMode } from "@/lib/theme";

const media = () => window.matchMedia("(prefers-color-scheme: dark)");

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  const query = media();
  query.addEventListener("change", onChange);
  return () => {
    observer.disconnect();
    query.removeEventListener("change", onChange);
  };
}

function current(): ThemeMode {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return media().matches ? "dark" : "light";
}

/** The theme actually in effect (explicit choice, else the OS preference), kept live. */
export function useThemeMode(): ThemeMode {
  return useSyncExternalStore(subscribe, current, () => "light");
}
