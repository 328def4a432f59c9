/**
 * Alibaba Cloud image building block: resolves the plan's image hint to an image id.
 */
import * as pulumi from "@pulumi/pulumi";
import { getImagesOutput } from "@pulumi/alicloud/ecs/getImages";
import type { BootstrapPlan } from "../plan/types";

/**
 * The most recent public (`owners: "system"`) image whose name matches `image.value` and that runs
 * on `instanceType`. An `ssm-parameter` hint (AWS only) is rejected. Fails the deployment with the
 * regex when nothing matches.
 */
export function resolveAlicloudImage(
  image: BootstrapPlan["image"],
  instanceType: string,
  parent: pulumi.Resource,
  provider?: pulumi.ProviderResource,
): pulumi.Output<string> {
  if (image.lookup !== "name-regex") {
    throw new pulumi.ResourceError(`Alibaba Cloud images are found by name regex, got lookup ${image.lookup}`, parent);
  }
  const opts: pulumi.InvokeOutputOptions = { parent, ...(provider ? { provider } : {}) };
  return getImagesOutput({ nameRegex: image.value, owners: "system", mostRecent: true, instanceType }, opts).images.apply((images) => {
    if (!images || images.length === 0) throw new Error(`No system image matches ${image.value} for ${instanceType}`);
    return images[0].id;
  });
}
