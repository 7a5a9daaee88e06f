import { defineConfig } from "vitest/config";

// End-to-end tests: the built server as a child process, driven over HTTP and with Chromium.
// Files run one after another: each starts servers (and a browser) and the machine has 2 cores.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    setupFiles: ["tests/e2e/setup.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
