"use client";

import { useEffect, useState } from "react";
import { saveTheme } from "@/lib/actions/preferences";
import { applyTheme, currentTheme } from "@/lib/preferences/display";
import type { Theme } from "@/lib/preferences/schema";

const OPTIONS: { value: Theme; label: string; icon: string }[] = [
  { value: "light", label: "Light theme", icon: "☀" },
  { value: "system", label: "System theme", icon: "◐" },
  { value: "dark", label: "Dark theme", icon: "☾" },
];

/**
 * Light / system / dark. Restyles the page (charts redraw from the data they already hold, no
 * request for figures); a signed-in user's choice is also saved to their preferences, so it
 * follows them to other browsers.
 */
export function ThemeToggle({ signedIn }: { signedIn: boolean }) {
  const [preference, setPreference] = useState<Theme>("system");

  useEffect(() => {
    // Syncing from the attribute the server or the boot script set; the server render cannot know
    // an anonymous visitor's choice.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPreference(currentTheme());
  }, []);

  const choose = (value: Theme) => {
    setPreference(value);
    applyTheme(value);
    if (signedIn) void saveTheme({ theme: value }).catch(() => undefined);
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
