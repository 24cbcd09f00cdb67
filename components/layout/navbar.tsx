import { IntentLink } from "@/components/ui/intent-link";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { getSessionUser } from "@/lib/auth/session";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

export async function Navbar() {
  const user = await getSessionUser();
  return (
    <header className="sticky top-0 z-30 border-b border-border bg-surface/90 backdrop-blur">
      <nav aria-label="Main" className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4 sm:px-6">
        <IntentLink href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="grid h-7 w-7 place-items-center rounded-md bg-accent text-sm text-accent-text"
          >
            ◭
          </span>
          Chartroom
        </IntentLink>
        <NavLinks signedIn={user !== null} isAdmin={user?.role === "admin"} />
        <div className="ml-auto flex items-center gap-3">
          <ThemeToggle signedIn={user !== null} />
          {user ? (
            <UserMenu username={user.username} role={user.role} />
          ) : (
            <IntentLink
              href="/login"
              className="rounded-md border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-muted"
            >
              Sign in
            </IntentLink>
          )}
        </div>
      </nav>
    </header>
  );
}
