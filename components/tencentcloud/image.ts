/**
 * Finds the GPU host image with the data source `tencentcloud:Images/getInstance:getInstance`:
 * the plan's name regex first and, when it matches nothing, its fallback regex (`cloud-gpu-image`:
 * a GPU image with the driver preinstalled, else plain Ubuntu 22.04 on which the setup script
 * installs the pinned driver).
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { TENCENTCLOUD_PLUGIN, firstImageId, thinInvoke, type ImageListResult } from "../providers/thin";
import type { TencentContext } from "./provider";

/** Token of the image-list data source (TF `tencentcloud_images`). */
export const IMAGES_TOKEN = "tencentcloud:Images/getInstance:getInstance";

/**
 * Id of the first public image whose name matches `plan.bootstrap.image.value` (a regex) and that
 * supports `instanceType` (pass the verified instance type, so that a wrong type fails on the type
 * check rather than as "no image"); when none does, the same for `image.fallback`. `osName` is not
 * sent: it conflicts with `imageNameRegex`. Fails with a message naming both regexes when nothing
 * matches.
 */
export function lookupImageId(ctx: TencentContext, plan: TargetPlan, instanceType: pulumi.Input<string> = plan.offering.instanceType): pulumi.Output<string> {
  const { image } = plan.bootstrap;
  if (image.lookup !== "name-regex") {
    throw new Error(`tencentcloud target ${plan.name}: image look-up "${image.lookup}" is not supported, expected "name-regex"`);
  }
  const query = (regex: string) =>
    thinInvoke<ImageListResult>(
      TENCENTCLOUD_PLUGIN,
      IMAGES_TOKEN,
      { imageNameRegex: regex, imageTypes: ["PUBLIC_IMAGE"], instanceType },
      { provider: ctx.provider, parent: ctx.parent },
    );
  const regexes = image.fallback ? `/${image.value}/ or /${image.fallback}/` : `/${image.value}/`;
  const none = () =>
    new Error(`tencentcloud target ${plan.name}: no public image matches ${regexes} for ${plan.offering.instanceType} in ${plan.placement.region}`);
  return firstImageId(query, image.value, image.fallback, none);
}
