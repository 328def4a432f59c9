/**
 * Finds the GPU host image with the data source `tencentcloud:Images/getInstance:getInstance`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { TENCENTCLOUD_PLUGIN, thinInvoke } from "../providers/thin";
import type { TencentContext } from "./provider";

/** Token of the image-list data source (TF `tencentcloud_images`). */
export const IMAGES_TOKEN = "tencentcloud:Images/getInstance:getInstance";

interface ImagesResult {
  images?: { imageId: string; imageName?: string }[];
}

/**
 * Id of the first public image whose name matches `plan.bootstrap.image.value` (a regex) and that
 * supports the plan's instance type. `osName` is not sent: it conflicts with `imageNameRegex`.
 * Fails the deployment with a clear message when nothing matches.
 */
export function lookupImageId(ctx: TencentContext, plan: TargetPlan): pulumi.Output<string> {
  const { image } = plan.bootstrap;
  if (image.lookup !== "name-regex") {
    throw new Error(`tencentcloud target ${plan.name}: image look-up "${image.lookup}" is not supported, expected "name-regex"`);
  }
  const result = thinInvoke<ImagesResult>(
    TENCENTCLOUD_PLUGIN,
    IMAGES_TOKEN,
    { imageNameRegex: image.value, imageTypes: ["PUBLIC_IMAGE"], instanceType: plan.offering.instanceType },
    { provider: ctx.provider, parent: ctx.parent },
  );
  return result.apply((r) => {
    const id = r.images?.[0]?.imageId;
    if (!id) {
      throw new Error(`tencentcloud target ${plan.name}: no public image matches /${image.value}/ for ${plan.offering.instanceType} in ${plan.placement.region}`);
    }
    return id;
  });
}
