/**
 * `provider-region`: every cloud resource of a target goes through an explicit provider of its cloud
 * whose `region` is the target's planned region. A resource on the default provider lands in
 * whatever region the operator's environment says (Alibaba: cn-beijing when nothing is set), so the
 * planned zones and subnets are rejected or secrets split across regions (real-path review
 * aws-alicloud #1).
 */
import { PROVIDER_FACTS } from "../facts";
import { handle, isCloudResource, RunIndex, targetComponentType, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note } from "../types";

export const providerRegion: DeployabilityCheck = {
  id: "provider-region",
  description: "Every cloud resource of a target is created through an explicit provider of its cloud whose region is the target's planned region.",
  remediation: "Create one regional provider per target (`create<Cloud>Provider(name, plan.placement.region, parent)`) and pass `{ parent, provider }` to every child resource and invoke.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    for (const scope of targetScopes(run, index)) {
      const { plan } = scope;
      const cloud = plan.placement.cloud;
      const region = plan.placement.region;
      const fact = PROVIDER_FACTS[cloud];
      const target = plan.name;
      if (!scope.component && plan.placement.runtime !== "vm") {
        notes.push({ check: "provider-region", target, message: `runtime ${plan.placement.runtime}: no ${targetComponentType(cloud)} component expected; the kubernetes-workload check covers its providers` });
        continue;
      }
      if (!scope.component) {
        findings.push({
          check: "provider-region",
          target,
          resource: `${targetComponentType(cloud)}::${plan.names?.logical ?? plan.name}`,
          message: `no ${targetComponentType(cloud)} component named "${plan.names?.logical ?? plan.name}" was recorded, so none of the target's resources can be checked`,
          fix: `create the target through ADAPTERS.${cloud}.createTarget(plan.names.logical, ...) so its resources are children of that component`,
        });
        continue;
      }
      let checked = 0;
      for (const r of scope.resources) {
        if (r.type === fact.providerType) {
          const own = r.inputs[fact.regionInput];
          if (own !== region) {
            findings.push({
              check: "provider-region",
              target,
              resource: handle(r),
              message: `provider ${r.name} has region ${JSON.stringify(own ?? null)}, the target is planned in ${region}`,
              fix: `create the provider with { region: "${region}" } (plan.placement.region)`,
            });
          }
          continue;
        }
        if (!isCloudResource(r, cloud)) continue;
        checked++;
        const provider = index.provider(r.provider);
        if (!r.provider) {
          findings.push({
            check: "provider-region",
            target,
            resource: handle(r),
            message: `${r.type} ${r.name} uses the default ${fact.pkg} provider, whose region comes from the operator's environment, not from the plan (${region})`,
            fix: `pass { provider } (the target's ${fact.providerType} for ${region}) to ${r.name}`,
          });
          continue;
        }
        if (!provider) {
          findings.push({
            check: "provider-region",
            target,
            resource: handle(r),
            message: `${r.type} ${r.name} names provider ${r.provider}, which was not recorded, so its region is unknown`,
            fix: `create the provider in the program (a ${fact.providerType} with region "${region}") and pass it to ${r.name}`,
          });
          continue;
        }
        if (provider.type !== fact.providerType) {
          findings.push({
            check: "provider-region",
            target,
            resource: handle(r),
            message: `${r.type} ${r.name} goes through ${provider.type} ${provider.name}, not a ${fact.providerType}`,
            fix: `pass the target's ${fact.providerType} (region "${region}") to ${r.name}`,
          });
          continue;
        }
        const providerRegion = provider.inputs[fact.regionInput];
        if (providerRegion !== region) {
          findings.push({
            check: "provider-region",
            target,
            resource: handle(r),
            message: `${r.type} ${r.name} goes through provider ${provider.name} in region ${JSON.stringify(providerRegion ?? null)}, the target is planned in ${region}`,
            fix: `create ${provider.name} with { region: "${region}" } or pass the target's own provider to ${r.name}`,
          });
          continue;
        }
        if (fact.resourceRegionInput) {
          const own = r.inputs[fact.resourceRegionInput];
          if (typeof own === "string" && own !== region) {
            findings.push({
              check: "provider-region",
              target,
              resource: handle(r),
              message: `${r.type} ${r.name} sets its own region input "${own}", the target is planned in ${region}`,
              fix: `drop the per-resource region input from ${r.name} (the provider's region applies) or set it to "${region}"`,
            });
          }
        }
      }
      if (checked === 0) notes.push({ check: "provider-region", target, message: `no ${fact.pkg} resources were recorded under the target's component` });
    }
    return { findings, notes };
  },
};
