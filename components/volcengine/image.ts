/**
 * Finds the GPU host image with the data source `volcengine:ecs/getImages:getImages`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { TargetPlan } from "../plan/types";
import { VOLCENGINE_PLUGIN, thinInvoke } from "../providers/thin";
import type { VolcengineContext } from "./provider";

/** Token of the image data source (`volcengine:ecs/images:Images` is its deprecated alias). */
export const IMAGES_TOKEN = "volcengine:ecs/getImages:getImages";

interface ImagesResult {
  images?: { imageId: string; imageName?: string }[];
}

/**
 * Id of the first public Linux image whose name matches `plan.bootstrap.image.value` (a regex) and
 * that supports the plan's instance type. Fails with a clear message when nothing matches.
 */
export function lookupImageId(ctx: VolcengineContext, plan: TargetPlan): pulumi.Output<string> {
  const { image } = plan.bootstrap;
  if (image.lookup !== "name-regex") {
    throw new Error(`volcengine target ${plan.name}: image look-up "${image.lookup}" is not supported, expected "name-regex"`);
  }
  const result = thinInvoke<ImagesResult>(
    VOLCENGINE_PLUGIN,
    IMAGES_TOKEN,
    { nameRegex: image.value, osType: "Linux", visibility: "public", instanceTypeId: plan.offering.instanceType },
    { provider: ctx.provider, parent: ctx.parent },
  );
  return result.apply((r) => {
    const id = r.images?.[0]?.imageId;
    if (!id) {
      throw new Error(`volcengine target ${plan.name}: no public Linux image matches /${image.value}/ for ${plan.offering.instanceType} in ${plan.placement.region}`);
    }
    return id;
  });
}
