"use client";

import { useState } from "react";
import { IntentLink } from "@/components/ui/intent-link";
import { signOut } from "@/lib/auth/client";

/** Who is signed in, and the way out. */
export function UserMenu({ username, role }: { username: string; role: string }) {
  const [pending, setPending] = useState(false);
  return (
    <details className="group relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-muted"
        aria-label={`Account menu for ${username}`}
      >
        <span
          aria-hidden="true"
          className="grid h-5 w-5 place-items-center rounded-full bg-accent text-[11px] font-semibold text-accent-text uppercase"
        >
          {username.slice(0, 1)}
        </span>
        <span data-testid="signed-in-user" className="font-medium">
          {username}
        </span>
        <span aria-hidden="true" className="text-muted">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 mt-2 w-52 rounded-lg border border-border bg-surface p-2 shadow-lg">
        <p className="px-2 py-1 text-xs text-muted">
          Signed in as <span className="font-medium text-text">{username}</span> ({role})
        </p>
        <IntentLink
          href="/settings"
          className="mt-1 block w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-muted"
        >
          Settings
        </IntentLink>
        <button
          type="button"
          disabled={pending}
          onClick={() => {
            setPending(true);
            void signOut();
          }}
          className="mt-1 w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-muted disabled:opacity-60"
        >
          {pending ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </details>
  );
}
