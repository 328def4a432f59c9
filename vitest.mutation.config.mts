import baseConfig from "./vitest.config.mts";
import { defineConfig, mergeConfig } from "vitest/config";

/**
 * The suite Stryker runs for mutation testing (`npm run mutation`): the same projects as
 * vitest.config.mts minus the files that spawn the CLI as a child process (a mutant in the sandbox
 * is not what a child process loads, so those tests would only slow every mutant down).
 */
export default mergeConfig(
  baseConfig,
  defineConfig({ test: { exclude: ["test/stack-*.test.ts", "test/cli*.test.ts", "test/golden.test.ts", "test/cost-coverage.test.ts", "test/plan-purity.test.ts", "test/check-*.test.ts", "test/policy-*.test.ts", "test/kubernetes-*.test.ts", "test/vector-*.test.ts", "test/lora-*.test.ts", "test/bootstrap-tools.test.ts", "test/hub.test.ts", "test/smoke*.test.ts", "**/node_modules/**"] } }),
);
