import { defineConfig } from "vitest/config";

/**
 * The suite Stryker runs for mutation testing (`npm run mutation`): the fast, pure tests that cover
 * the mutated planner, compatibility and price modules (hand-computed expectations). The adapters'
 * security rules have their own run over the recorded-adapter tests (`npm run mutation:adapters`,
 * vitest.mutation-adapters.config.mts).
 */
export default defineConfig({
  test: {
    pool: "forks",
    expect: { requireAssertions: true },
    testTimeout: 60_000,
    include: [
      "test/network-plan.test.ts",
      "test/cost-summary.test.ts",
      "test/compatibility.test.ts",
      "test/plan.test.ts",
      "test/bootstrap-registry.test.ts",
      "test/catalog.test.ts",
      "test/spec.test.ts",
      "test/export-control.test.ts",
      "test/lora.test.ts",
      "test/plan-units.test.ts",
      // hand-computed tests written against surviving mutants (new files only, pure)
      "test/mutation-*.test.ts",
      "test/plan-units-*.test.ts",
    ],
  },
});
