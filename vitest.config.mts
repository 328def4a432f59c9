import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Two projects, both in forked workers:
 * - `shared`: every test file shares its worker's module graph (`isolate: false`): the Pulumi SDK,
 *   zod, the catalog and the kit load once per worker instead of once per file. Program runs stay
 *   independent: each `runOffline` / `record()` installs fresh runtime mocks, config and options
 *   (the SDK's `setMocks` resets them), and `test/helpers/program.ts` evaluates the program module
 *   anew for every run (test/golden.test.ts runs three stacks in a row against their golden JSON).
 * - `isolated`: files that change what other files would inherit — module mocks or registry
 *   resets, stubbed environment, working directory — or that say so with the pragma
 *   `@vitest-isolate` (e.g. a program left failing mid-registration): one fresh module graph each.
 * The split adapts to new files by itself.
 */
const ISOLATION_MARKERS = /vi\.resetModules|vi\.mock\(|vi\.doMock|vi\.stubEnv|vi\.stubGlobal|process\.chdir|@vitest-isolate/;

const testDir = path.join(import.meta.dirname, "test");
const files = fs.readdirSync(testDir).filter((f) => f.endsWith(".test.ts"));
const isolated = files.filter((f) => ISOLATION_MARKERS.test(fs.readFileSync(path.join(testDir, f), "utf8"))).map((f) => `test/${f}`);

export default defineConfig({
  test: {
    pool: "forks",
    // Vitest's default is one worker fewer than the CPUs (a single worker on a 2-core CI machine);
    // the tests are CPU-bound and the main process mostly waits, so every CPU runs a worker.
    maxWorkers: os.availableParallelism(),
    // A test that asserts nothing cannot fail: every test must make at least one assertion.
    expect: { requireAssertions: true },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: isolated, isolate: false } },
      { extends: true, test: { name: "isolated", include: isolated.length ? isolated : ["test/__none__"] } },
    ],
  },
});
