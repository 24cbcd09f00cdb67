import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
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
  // The demo database lives in data/: never trace it (or any test database) into a build output.
  outputFileTracingExcludes: {
    "*": [
      "./data/**/*",
      "./bench/.tmp/**/*",
      "./.e2e/**/*",
      "./.next-reliability/**/*",
      "**/*.db",
      "**/*.db-wal",
    ],
  },
};

// A self-contained server (server.js plus only the node_modules it traces) for the Docker image
// and any plain-Node host; scripts/standalone.mjs assembles and starts it the way the Dockerfile
// does. Set for the build only: `next start` (npm start, the e2e server) serves the same build and
// would otherwise print a warning on every start.
export default function config(phase: string): NextConfig {
  return phase === PHASE_PRODUCTION_BUILD ? { ...nextConfig, output: "standalone" } : nextConfig;
}
