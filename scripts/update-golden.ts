/**
 * Regenerates test/golden/plan-<stack>.json for the shipped stacks (dev, staging, prod) from
 * `gpukit plan --stack <stack> --format json`, run as users run it (node bin/gpukit.js). Use after
 * an intentional change to the plan output, and review the diff: `npm run golden:update`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Stacks with a golden file. */
export const GOLDEN_STACKS = ["dev", "staging", "prod"] as const;

const root = path.resolve(__dirname, "..");
for (const stack of GOLDEN_STACKS) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "gpukit.js"), "plan", "--stack", stack, "--format", "json"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(`gpukit plan --stack ${stack} exited ${result.status}:\n${result.stderr}`);
    process.exit(1);
  }
  JSON.parse(result.stdout); // one JSON object, or fail here
  const file = path.join(root, "test", "golden", `plan-${stack}.json`);
  fs.writeFileSync(file, result.stdout);
  process.stdout.write(`wrote ${path.relative(root, file)}\n`);
}
