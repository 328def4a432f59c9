/**
 * `mainland-registry`: targets in mainland-China regions (residency `cn`) pull the engine image from
 * a registry reachable from there: the clouds' own registries (ACR, CCR/TCR, CR; ECR only in the
 * China partition), never Docker Hub, GHCR, NGC or Quay, which are blocked or unreliable; a VPC-only
 * endpoint only from its own cloud and region (real-path review aws-alicloud #3). Both the plan's
 * `engine.image` and every image the user-data pulls or runs are checked.
 */
import { cloudRegistry, publicRegistry, registryHost } from "../../catalog/facts/registries";
import type { TargetPlan } from "../../components/plan/types";
import { asFactStatus, MAINLAND_REGISTRIES } from "../facts";
import { hostTemplates } from "../hosts";
import { handle, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note } from "../types";
import { imagePulls, shellTexts } from "../userdata";

const ID = "mainland-registry" as const;

/** Why `image` is not reachable from a mainland host of `plan`, or null when it is; undefined when the registry is unknown. */
export function mainlandProblem(image: string, plan: TargetPlan): string | null | undefined {
  const host = registryHost(image);
  const pub = publicRegistry(host);
  if (pub) {
    return pub.fromMainland === "yes" ? null : `${host} is ${pub.fromMainland === "no" ? "blocked" : "unreliable"} from mainland China (${pub.source}, ${asFactStatus(pub.status)})`;
  }
  const own = cloudRegistry(host);
  if (!own) return undefined;
  const mainland = MAINLAND_REGISTRIES.clouds.includes(own.fact.cloud) || MAINLAND_REGISTRIES.hostSuffixes.some((s) => host.endsWith(s));
  if (!mainland) return `${host} (${own.fact.product}) is outside mainland China and crosses the border (${MAINLAND_REGISTRIES.source}, ${MAINLAND_REGISTRIES.status})`;
  if (own.fact.vpcOnly && (own.fact.cloud !== plan.placement.cloud || (own.region !== null && own.region !== plan.placement.region))) {
    return `${host} is a VPC-only endpoint of ${own.fact.cloud} ${own.region ?? ""}; hosts on ${plan.placement.cloud} ${plan.placement.region} cannot reach it (${own.fact.source})`;
  }
  return null;
}

function fixFor(plan: TargetPlan): string {
  const where: Record<string, string> = {
    alicloud: `registry-vpc.${plan.placement.region}.aliyuncs.com (ACR)`,
    tencentcloud: "ccr.ccs.tencentyun.com or <instance>.tencentcloudcr.com (TCR)",
    volcengine: `<instance>-${plan.placement.region}.cr.volces.com (CR)`,
    aws: "ECR in the China partition (*.amazonaws.com.cn)",
  };
  return `mirror the engine image into ${where[plan.placement.cloud]} and set registryMirror on the target so engine.image and the boot script pull from it`;
}

export const mainlandRegistry: DeployabilityCheck = {
  id: ID,
  description: "Targets in mainland-China regions pull the engine image from a registry reachable from mainland China.",
  remediation: "Mirror the engine image into the cloud's own registry (ACR, TCR/CCR, CR) in the target's region and set the target's registryMirror.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const scope of targetScopes(run, index)) {
      const { plan } = scope;
      if (plan.placement.residency !== "cn") continue;
      const target = plan.name;
      const planned = mainlandProblem(plan.engine.image, plan);
      if (planned) {
        findings.push({
          check: ID,
          target,
          resource: scope.component ? handle(scope.component) : plan.name,
          message: `target ${target} in ${plan.placement.region} (mainland China) plans engine image ${plan.engine.image}: ${planned}`,
          fix: fixFor(plan),
        });
      } else if (planned === undefined) {
        notes.push({ check: ID, target, message: `registry ${registryHost(plan.engine.image)} of ${plan.engine.image} is not in catalog/facts/registries.ts; reachability from mainland China unknown` });
      }
      for (const t of hostTemplates(scope)) {
        if (t.userData === undefined) continue;
        const seen = new Set<string>();
        for (const pull of imagePulls(shellTexts(t.userData))) {
          if (seen.has(pull.image) || pull.image.includes("$")) continue;
          seen.add(pull.image);
          const problem = mainlandProblem(pull.image, plan);
          if (problem) {
            findings.push({
              check: ID,
              target,
              resource: handle(t.resource),
              message: `${t.resource.name}'s user-data (${pull.origin}) pulls ${pull.image} on a host in ${plan.placement.region} (mainland China): ${problem}; the pull fails and the engine never starts`,
              fix: fixFor(plan),
            });
          } else if (problem === undefined) {
            notes.push({ check: ID, target, message: `${t.resource.name} pulls ${pull.image} from ${registryHost(pull.image)}, which is not in catalog/facts/registries.ts; reachability unknown` });
          }
        }
      }
    }
    return { findings, notes };
  },
};
