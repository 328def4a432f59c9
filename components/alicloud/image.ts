/**
 * Alibaba Cloud image look-up: resolves the plan's image hint to an image id.
 */
import * as pulumi from "@pulumi/pulumi";
import { getImagesOutput } from "@pulumi/alicloud/ecs/getImages";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";

/**
 * The most recent public (`owners: "system"`) image whose name matches `plan.bootstrap.image.value`
 * and that runs on `instanceType`, looked up through `provider` (the target's region). An
 * `ssm-parameter` hint (AWS only) is rejected. Fails with a target error naming the regex when
 * nothing matches.
 */
export function resolveAlicloudImage(
  plan: TargetPlan,
  instanceType: pulumi.Input<string>,
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource,
): pulumi.Output<string> {
  const image = plan.bootstrap.image;
  if (image.lookup !== "name-regex") {
    throw targetError(plan, parent, `Alibaba Cloud images are found by name regex, the plan has lookup ${image.lookup}`);
  }
  return getImagesOutput({ nameRegex: image.value, owners: "system", mostRecent: true, instanceType }, { parent, provider }).images.apply((images) => {
    if (!images || images.length === 0) {
      throw targetError(plan, parent, `no system image matches /${image.value}/ for ${plan.offering.instanceType} in ${plan.placement.region}`);
    }
    return images[0].id;
  });
}
