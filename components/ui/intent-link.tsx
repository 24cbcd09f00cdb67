"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

/**
 * A navbar link that prefetches its page when the reader reaches for it (hover, focus, touch)
 * rather than as soon as it is on screen. Viewport prefetching made every page load request and
 * render the RSC payload of each navbar page (seven for a signed-in user, each running its own
 * queries on the server) while the page's own charts were still drawing.
 */
export function IntentLink({
  href,
  onMouseEnter,
  onFocus,
  onTouchStart,
  ...props
}: ComponentProps<typeof Link>) {
  const router = useRouter();
  const target = typeof href === "string" ? href : null;
  const prefetch = () => {
    if (target?.startsWith("/")) router.prefetch(target);
  };
  return (
    <Link
      {...props}
      href={href}
      prefetch={false}
      onMouseEnter={(event) => {
        prefetch();
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        prefetch();
        onFocus?.(event);
      }}
      onTouchStart={(event) => {
        prefetch();
        onTouchStart?.(event);
      }}
    />
  );
}
