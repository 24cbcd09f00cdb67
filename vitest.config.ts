import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      // Next.js resolves "server-only" to an empty module for server code (the react-server
      // condition); unit tests run server code, so they get the same empty module.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
      "@": import.meta.dirname,
    },
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**", ".next-*/**"],
    // Suites that generate a demo database spend a few seconds in beforeAll.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
