import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "@fontsource-variable/inter";
import "./globals.css";
import { Navbar } from "@/components/layout/navbar";
import { THEME_BOOT_SCRIPT, themeCss } from "@/lib/theme";

export const metadata: Metadata = {
  title: { default: "Chartroom", template: "%s · Chartroom" },
  description: "Self-hosted analytics: fast dashboards over your own data.",
  // From public/ with a day of caching: Next's app/icon route answered "max-age=0, must-revalidate"
  // without a validator, so Chromium downloaded it again on every back/forward navigation.
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0d1117" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce from proxy.ts: the theme boot script is inline and must run before first paint.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <style>{themeCss()}</style>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-background text-text">
        <Navbar />
        {children}
      </body>
    </html>
  );
}
