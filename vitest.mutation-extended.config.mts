import { defineConfig } from "vitest/config";

/**
 * The suite of the extended mutation run (`npm run mutation:extended`, stryker.extended.config.json):
 * only the fast, pure tests of the spec validation (components/spec/validate.ts, issues.ts) and of
 * the policy pack's security rules (policies/rules/security-*.ts), so that the run does not depend on
 * the planner and adapter tests (test/plan.test.ts and others) being green: Stryker refuses to start
 * when its initial test run fails. Expectations in these files are written by hand.
 */
export default defineConfig({
  test: {
    pool: "forks",
    expect: { requireAssertions: true },
    testTimeout: 60_000,
    include: [
      "test/spec.test.ts",
      "test/policy-rules.test.ts",
      // hand-computed tests written against surviving mutants (pure, no subprocess)
      "test/mutation-spec.test.ts",
      "test/mutation-policies.test.ts",
    ],
  },
});
