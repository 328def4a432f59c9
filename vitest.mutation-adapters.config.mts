import { defineConfig } from "vitest/config";

/**
 * The suite of the adapters' mutation run (`npm run mutation:adapters`, stryker.adapters.config.json):
 * the recorded-adapter tests that judge what each cloud's `security.ts` registers — security groups,
 * rules, source ranges — by hand-written expectations, and the deployability checks run over those
 * recordings. They share one module graph (`isolate: false`), as in the main suite: each recording
 * installs fresh mocks. No program runs, no subprocess.
 */
export default defineConfig({
  test: {
    pool: "forks",
    isolate: false,
    expect: { requireAssertions: true },
    testTimeout: 60_000,
    include: [
      "test/aws-adapter*.test.ts",
      "test/alicloud-adapter*.test.ts",
      "test/tencentcloud-adapter*.test.ts",
      "test/volcengine-adapter*.test.ts",
      "test/*-lookups.test.ts",
      "test/deployability*.test.ts",
      "test/vector-database-vm*.test.ts",
      "test/gateway-adapters.test.ts",
      // hand-computed tests written against surviving mutants
      "test/mutation-adapter-security.test.ts",
    ],
  },
});
