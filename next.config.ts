import type { NextConfig } from "next";
import { STATIC_CSP, staticSecurityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // A separate build folder lets the benchmark and the e2e suite build without clobbering each other.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Gzip for HTML, RSC payloads and action responses; hashed /_next/static assets are already
  // served with "public, max-age=31536000, immutable" by Next.js itself.
  compress: true,
  serverExternalPackages: ["better-sqlite3"],
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  async headers() {
    const security = staticSecurityHeaders(process.env.NODE_ENV === "production");
    return [
      { source: "/:path*", headers: security },
      // Pages get a per-request CSP with a nonce from proxy.ts; the files it does not see get a
      // CSP that lets nothing run inside them.
      // The upload route bypasses proxy.ts so its body streams instead of being buffered.
      ...[
        "/_next/static/:path*",
        "/_next/image",
        "/vendor/:path*",
        "/topojson/:path*",
        "/icon.svg",
        "/api/datasets/upload",
      ].map((source) => ({ source, headers: [{ key: "Content-Security-Policy", value: STATIC_CSP }] })),
      { source: "/icon.svg", headers: [{ key: "Cache-Control", value: "public, max-age=86400" }] },
      // public/vendor files carry a content hash in their names (scripts/build-plotly.mjs).
      {
        source: "/vendor/:file*",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
  // The demo database lives in data/: never trace it into a build output.
  outputFileTracingExcludes: { "*": ["./data/**/*", "./bench/.tmp/**/*"] },
};

export default nextConfig;
