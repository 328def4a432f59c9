/**
 * `health-grace`: a scaling group that replaces hosts the load balancer reports unhealthy waits at
 * least the engine's start budget (`plan.targets[].bootstrap.startBudgetSec`: image pull, weights
 * download and load) before it judges them; a shorter grace replaces every new host before it is
 * ready, in a loop (real-path review aws-alicloud #5).
 */
import { HEALTH_GRACE_FACTS, TOKENS } from "../facts";
import { asNumber, asStrings, handle, ofTypes, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note } from "../types";

const ID = "health-grace" as const;

export const healthGrace: DeployabilityCheck = {
  id: ID,
  description: "Scaling groups that replace hosts on load-balancer health give each new host at least the engine's start budget before judging it.",
  remediation: "Set the group's load-balancer health-check grace to at least plan.bootstrap.startBudgetSec, or do not replace on load-balancer health where the provider has no grace input.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const scope of targetScopes(run, index)) {
      if (!scope.component) continue;
      const { plan } = scope;
      const target = plan.name;
      const cloud = plan.placement.cloud;
      const fact = HEALTH_GRACE_FACTS[cloud];
      const budget = asNumber((plan.bootstrap as { startBudgetSec?: unknown }).startBudgetSec);
      if (budget === undefined) {
        notes.push({ check: ID, target, message: "the plan has no bootstrap.startBudgetSec; health-check grace not checked" });
        continue;
      }
      for (const g of ofTypes(scope, TOKENS[cloud].scalingGroups)) {
        const replaces = fact.replacesOn.find((on) => {
          const v = g.inputs[on.input];
          const values = typeof v === "boolean" ? [v] : asStrings(v);
          return values.some((x) => on.values.includes(x));
        });
        if (!replaces) continue;
        if (!fact.graceInput) {
          findings.push({
            check: ID,
            target,
            resource: handle(g),
            message: `${g.name} replaces hosts on load-balancer health (${replaces.input}) and the provider has no grace-period input, so hosts still loading the model (start budget ${budget} s) are replaced (${fact.source}, ${fact.status})`,
            fix: `drop LOAD_BALANCER from ${replaces.input} on ${g.name} (keep ECS health) until hosts report ready through a lifecycle hook`,
          });
          continue;
        }
        const set = asNumber(g.inputs[fact.graceInput]);
        const grace = set ?? fact.defaultGraceSec;
        if (grace < budget) {
          findings.push({
            check: ID,
            target,
            resource: handle(g),
            message: `${g.name} replaces hosts the load balancer reports unhealthy (${replaces.input}) after a ${grace} s grace${set === undefined ? " (the default)" : ""}, shorter than the engine's start budget of ${budget} s: hosts still pulling the image or loading weights are replaced in a loop (${fact.source})`,
            fix: `set ${fact.graceInput}: ${budget} (plan.bootstrap.startBudgetSec) on ${g.name}`,
          });
        }
      }
    }
    return { findings, notes };
  },
};
