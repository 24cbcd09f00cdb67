import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder lets the benchmark and the e2e suite build without clobbering each other.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Gzip for HTML, RSC payloads and action responses; hashed /_next/static assets are already
  // served with "public, max-age=31536000, immutable" by Next.js itself.
  compress: true,
  serverExternalPackages: ["better-sqlite3"],
  // The demo database lives in data/: never trace it into a build output.
  async headers() {
    // public/vendor files carry a content hash in their names (scripts/build-plotly.mjs).
    return [
      {
        source: "/vendor/:file*",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
    ];
  },
  outputFileTracingExcludes: { "*": ["./data/**/*", "./bench/.tmp/**/*"] },
};

export default nextConfig;
