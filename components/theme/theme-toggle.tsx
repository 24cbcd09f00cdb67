"use client";

import { useEffect, useState } from "react";
import { THEME_STORAGE_KEY, type ThemePreference } from "@/lib/theme";

const OPTIONS: { value: ThemePreference; label: string; icon: string }[] = [
  { value: "light", label: "Light theme", icon: "☀" },
  { value: "system", label: "System theme", icon: "◐" },
  { value: "dark", label: "Dark theme", icon: "☾" },
];

function applyPreference(value: ThemePreference): void {
  if (value === "system") {
    localStorage.removeItem(THEME_STORAGE_KEY);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(THEME_STORAGE_KEY, value);
    document.documentElement.dataset.theme = value;
  }
}

/** Light / system / dark. The choice is a display preference, the only thing kept in localStorage. */
export function ThemeToggle() {
  const [preference, setPreference] = useState<ThemePreference>("system");

  useEffect(() => {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    // Syncing from storage after hydration; the server cannot know it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored === "light" || stored === "dark") setPreference(stored);
  }, []);

  const choose = (value: ThemePreference) => {
    setPreference(value);
    applyPreference(value);
  };

  return (
    <div
      role="radiogroup"
      aria-label="Colour theme"
      className="flex rounded-md border border-border bg-surface p-0.5"
    >
      {OPTIONS.map((option) => (
        <button
          key={option.value}
          type="button"
          role="radio"
          aria-checked={preference === option.value}
          aria-label={option.label}
          title={option.label}
          onClick={() => choose(option.value)}
          className={`h-7 w-7 rounded text-sm leading-none transition-colors ${
            preference === option.value ? "bg-accent text-accent-text" : "text-muted hover:bg-surface-muted"
          }`}
        >
          <span aria-hidden="true">{option.icon}</span>
        </button>
      ))}
    </div>
  );
}
