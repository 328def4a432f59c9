/**
 * Output unchanged: `gpukit plan --stack <s> --format json` of the shipped stacks, computed in
 * process, equals test/golden/plan-<s>.json field by field (URNs included). After an intentional
 * change, regenerate with `npm run golden:update` and review the diff.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { diffJson, formatDifferences } from "../cli/offline/json-diff";

/** Stacks with a golden file. */
const STACKS = ["dev", "staging", "prod"] as const;

/** The plan JSON of a stack, in process; a fresh module graph per stack (one program run each). */
async function planJson(stack: string): Promise<unknown> {
  vi.resetModules();
  const { runOffline } = await import("../cli/offline/run.js");
  const { buildPlanReport } = await import("../cli/format/plan-report.js");
  const { runDeployability } = await import("../deployability/index.js");
  const result = await runOffline({ stack, loadProgram: () => import("../stacks/index.js") });
  // The same object `gpukit plan --format json` prints: the report plus the deployability result.
  return JSON.parse(JSON.stringify({ ...buildPlanReport(result), deployability: runDeployability({ plan: result.plan, resources: result.resources }) }));
}

describe("plan JSON of the shipped stacks matches test/golden", () => {
  for (const stack of STACKS) {
    it(`${stack}`, async () => {
      const golden = JSON.parse(fs.readFileSync(path.join(__dirname, "golden", `plan-${stack}.json`), "utf8"));
      const differences = diffJson(golden, await planJson(stack), 20);
      const message = `plan-${stack}.json differs (first ${differences.length}); if intended, run \`npm run golden:update\`:\n${formatDifferences(differences)}`;
      expect(differences.length, message).toBe(0);
    });
  }
});
