import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and integration tests. Without TEST_DATABASE_URL they run on embedded PGlite;
// with it, each test file gets its own database on that PostgreSQL server.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
