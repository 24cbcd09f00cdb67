import { defineConfig } from "@playwright/test";

// The reliability suite (`npm run test:reliability`): HTTP-level checks against the assembled
// standalone server (no browser), one spec at a time since each starts its own servers and the
// load test needs the machine to itself.
export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: "../test-results/reliability",
  globalSetup: "./support/global-setup.ts",
  globalTeardown: "./support/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  reporter: [["list"]],
});
