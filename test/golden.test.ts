/**
 * Output unchanged: `gpukit plan --stack <s> --format json` of the shipped stacks, computed in
 * process, equals test/golden/plan-<s>.json field by field (URNs included). After an intentional
 * change, regenerate with `npm run golden:update` and review the diff.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { diffJson, formatDifferences } from "../cli/offline/json-diff";
import { runOffline } from "../cli/offline/run";
import { buildPlanReport } from "../cli/format/plan-report";
import { runDeployability } from "../deployability";
import { freshProgram } from "./helpers/program";

/** Stacks with a golden file. */
const STACKS = ["dev", "staging", "prod"] as const;

/** The plan JSON of a stack, in process: one program run each, sharing this worker's modules. */
async function planJson(stack: string): Promise<unknown> {
  const result = await runOffline({ stack, loadProgram: freshProgram });
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
