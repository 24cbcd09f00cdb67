import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "@fontsource-variable/inter";
import "./globals.css";
import { Navbar } from "@/components/layout/navbar";
import { getSessionUser } from "@/lib/auth/session";
import { getPreferences } from "@/lib/data/preferences";
import { bootScript, htmlAttributes } from "@/lib/preferences/display";
import { displayPreferences } from "@/lib/preferences/schema";
import { themeCss } from "@/lib/theme";

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
  // The CSP nonce from proxy.ts: the preferences boot script is inline and must run before first
  // paint. A signed-in user's display preferences come from the database (and refresh the
  // localStorage mirror); an anonymous visitor's from the mirror.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const user = await getSessionUser();
  const display = user ? displayPreferences(await getPreferences(user.id)) : null;
  return (
    <html lang="en" suppressHydrationWarning {...(display ? htmlAttributes(display) : {})}>
      <head>
        <style>{themeCss()}</style>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: bootScript(display) }} />
      </head>
      <body className="min-h-screen bg-background text-text">
        <Navbar />
        {children}
      </body>
    </html>
  );
}
