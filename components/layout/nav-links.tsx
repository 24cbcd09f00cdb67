"use client";

import { IntentLink } from "@/components/ui/intent-link";
import { usePathname } from "next/navigation";

interface NavLink {
  href: string;
  label: string;
}

// Links only hide what a user cannot open; every page checks the session itself.
function linksFor(signedIn: boolean, isAdmin: boolean): NavLink[] {
  const links: NavLink[] = [{ href: "/", label: "Overview" }];
  if (signedIn) links.push({ href: "/dashboard", label: "My dashboard" });
  if (signedIn) links.push({ href: "/details", label: "Details" });
  if (signedIn) links.push({ href: "/stores", label: "Stores" });
  if (signedIn) links.push({ href: "/datasets", label: "Your data" });
  else links.push({ href: "/datasets/public", label: "Public data" });
  if (signedIn) links.push({ href: "/jobs", label: "Jobs" });
  if (signedIn) links.push({ href: "/live", label: "Live" });
  if (isAdmin) links.push({ href: "/admin/users", label: "Users" });
  if (isAdmin) links.push({ href: "/admin/performance", label: "Performance" });
  return links;
}

export function NavLinks({ signedIn, isAdmin }: { signedIn: boolean; isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1 text-sm">
      {linksFor(signedIn, isAdmin).map((link) => {
        const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <li key={link.href}>
            <IntentLink
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 ${active ? "bg-surface-muted font-medium" : "text-muted hover:text-text"}`}
            >
              {link.label}
            </IntentLink>
          </li>
        );
      })}
    </ul>
  );
}
