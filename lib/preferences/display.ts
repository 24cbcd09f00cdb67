import type { DisplayPreferences, Theme } from "./schema";

// How display preferences reach the page: attributes on <html> (data-theme, data-density,
// data-animation) that the CSS and the charts read, mirrored in localStorage so the first paint of
// the next page load already uses them. The database stays the source of truth: for a signed-in
// user the server renders the attributes itself and the boot script refreshes the mirror from them.

export const PREFS_STORAGE_KEY = "chartroom-prefs";
/** Where the theme switch kept the theme before preferences existed; read once as a fallback. */
const LEGACY_THEME_KEY = "chartroom-theme";

/** The <html> attributes for a set of display preferences (no data-theme means "follow the OS"). */
export function htmlAttributes(prefs: DisplayPreferences): Record<string, string | undefined> {
  return {
    "data-theme": prefs.theme === "system" ? undefined : prefs.theme,
    "data-density": prefs.density,
    "data-animation": prefs.animation ? "on" : "off",
  };
}

/**
 * Inline in <head>, before first paint (the layout gives it the CSP nonce). With `server` (a
 * signed-in user's preferences from the database) it applies them and refreshes the mirror;
 * without, it applies the mirror. Only enum and boolean values are embedded, and `<` is escaped
 * anyway so the JSON can never close the script element.
 */
export function bootScript(server: DisplayPreferences | null): string {
  const embedded = JSON.stringify(server).replaceAll("<", "\\u003c");
  return `(function(){try{var d=document.documentElement,k=${JSON.stringify(PREFS_STORAGE_KEY)},s=${embedded},p=s;
if(s){localStorage.setItem(k,JSON.stringify(s))}else{var r=localStorage.getItem(k);p=r?JSON.parse(r):{};
if(!p.theme){p.theme=localStorage.getItem(${JSON.stringify(LEGACY_THEME_KEY)})}}
if(p.theme==="light"||p.theme==="dark"){d.dataset.theme=p.theme}else{delete d.dataset.theme}
d.dataset.density=p.density==="compact"?"compact":"comfortable";
d.dataset.animation=p.animation===false?"off":"on"}catch(e){}})();`;
}

/** Applies display preferences to this page at once and to the mirror (browser only). */
export function applyDisplayPreferences(prefs: DisplayPreferences): void {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(htmlAttributes(prefs))) {
    if (value === undefined) root.removeAttribute(name);
    else root.setAttribute(name, value);
  }
  try {
    localStorage.setItem(PREFS_STORAGE_KEY, JSON.stringify(prefs));
    localStorage.removeItem(LEGACY_THEME_KEY);
  } catch {
    // Storage full or disabled: the page is styled already; only the next first paint may differ.
  }
}

/** Changes only the theme, keeping the rest of the mirror. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  applyDisplayPreferences({
    theme,
    density: root.dataset.density === "compact" ? "compact" : "comfortable",
    animation: root.dataset.animation !== "off",
  });
}

/** The theme in effect on this page as a preference ("system" when no explicit theme is set). */
export function currentTheme(): Theme {
  const theme = document.documentElement.dataset.theme;
  return theme === "light" || theme === "dark" ? theme : "system";
}
