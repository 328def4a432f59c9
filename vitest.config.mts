import { defineConfig } from "vitest/config";

/**
 * Tests run in forked workers (Pulumi keeps process-global runtime state), each file isolated so that
 * mocks and config of one test file never leak into another.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
