import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Three projects, all in forked workers:
 * - `pulumi`: test files that touch the Pulumi runtime (mocks, the program, the CLI, the recorder)
 *   run isolated, one fresh module graph per file, so that mocks, config and the once-per-process
 *   program run of one file never leak into another;
 * - `unit`: every other file (spec, plan, sizing, catalog, engines, bootstrap: pure functions) shares
 *   its worker's module graph (`isolate: false`), paying zod, the catalog and the plan modules once
 *   per worker instead of once per file.
 * - `recorded`: see {@link PROGRAM_MARKERS}.
 * A file is `pulumi` when its source mentions any of {@link PULUMI_MARKERS}; the split adapts to new
 * files by itself.
 */
const PULUMI_MARKERS = /@pulumi\/|stacks\/index|helpers\/(cli|recording)|cli\/(main|offline|commands)|components\/(deployment|aws|alicloud|tencentcloud|volcengine|providers)|runBin|runCli|setMocks/;

/**
 * Files that only build components under the recorder (`helpers/recording`) and never load the
 * program or the CLI: they share a worker's module graph too (the SDK loads once per worker); each
 * `record()` call installs fresh mocks.
 */
const PROGRAM_MARKERS = /stacks\/index|helpers\/cli|cli\/(main|offline\/(run|session))|runBin|runCli|vi\.resetModules|setAllConfig/;

const testDir = path.join(import.meta.dirname, "test");
const sources = new Map(fs.readdirSync(testDir).filter((f) => f.endsWith(".test.ts")).map((f) => [`test/${f}`, fs.readFileSync(path.join(testDir, f), "utf8")]));
const pure = [...sources].filter(([, text]) => !PULUMI_MARKERS.test(text)).map(([file]) => file);
const recorded = [...sources].filter(([, text]) => /helpers\/recording/.test(text) && !PROGRAM_MARKERS.test(text)).map(([file]) => file);

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
      { extends: true, test: { name: "unit", include: pure.length ? pure : ["test/__none__"], isolate: false } },
      { extends: true, test: { name: "recorded", include: recorded.length ? recorded : ["test/__none__"], isolate: false } },
      { extends: true, test: { name: "pulumi", include: ["test/**/*.test.ts"], exclude: [...pure, ...recorded] } },
    ],
  },
});
