import fs from "node:fs";
import path from "node:path";
import { APP_DIR } from "./paths";

export interface ServerAction {
  id: string;
  name: string;
  file: string;
  /** A page path that imports the action, to POST it to. */
  page: string;
}

/** "app/admin/users/page" -> "/admin/users" (static segments only). */
function pagePath(worker: string): string {
  return worker.replace(/^app/, "").replace(/\/page$/, "") || "/";
}

/**
 * Every server action of the build, from Next's server-reference manifest: the id a client sends
 * in the Next-Action header, its exported name and file, and a page that serves it.
 */
export function serverActions(appDir = APP_DIR): ServerAction[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(appDir, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    // The shortest path first: "/" (public) when the Overview imports the action.
    const workers = Object.keys(entry.workers)
      .filter((worker) => !worker.includes("["))
      .sort((a, b) => a.length - b.length);
    return {
      id,
      name: entry.exportedName ?? id,
      file: entry.filename ?? "",
      page: pagePath(workers[0] ?? "app/page"),
    };
  });
}

/** Every route (pages and route handlers) of the build, from its app-paths manifest. */
export function appRoutes(appDir = APP_DIR): { pages: string[]; handlers: string[] } {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(appDir, ".next/server/app-paths-manifest.json"), "utf8"),
  ) as Record<string, string>;
  const pages: string[] = [];
  const handlers: string[] = [];
  for (const route of Object.keys(manifest)) {
    if (route.startsWith("/_")) continue;
    if (route.endsWith("/page")) pages.push(route.slice(0, -"/page".length) || "/");
    else if (route.endsWith("/route")) handlers.push(route.slice(0, -"/route".length));
  }
  return { pages, handlers };
}

/** A request that calls `action` with `body` the way Next's client does. */
export function actionHeaders(action: ServerAction, contentType = "text/plain;charset=UTF-8") {
  return { "Next-Action": action.id, Accept: "text/x-component", "Content-Type": contentType };
}
