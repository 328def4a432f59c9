/**
 * Finds the GPU host image with the data source `tencentcloud:Images/getInstance:getInstance`:
 * the plan's name regex first and, when it matches nothing, its fallback regex (`cloud-gpu-image`:
 * a GPU image with the driver preinstalled, else plain Ubuntu 22.04 on which the setup script
 * installs the pinned driver). The data source sorts images newest first
 * (terraform-provider-tencentcloud v1.82.42 `tencentcloud/services/cvm/service_tencentcloud_cvm.go:1103-1107`).
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { TENCENTCLOUD_PLUGIN, thinInvoke } from "../providers/thin";

/** Token of the image-list data source (TF `tencentcloud_images`). */
export const IMAGES_TOKEN = "tencentcloud:Images/getInstance:getInstance";

/** Inputs of {@link lookupTencentcloudImageId}. */
export interface TencentcloudImageArgs {
  plan: TargetPlan;
  /** Pass the verified instance type, so that a wrong type fails on the type check rather than as "no image". */
  instanceType: pulumi.Input<string>;
}

/**
 * Id of the first public image whose name matches `plan.bootstrap.image.value` (a regex) and that
 * supports the instance type; when none does, the same for `image.fallback`. `osName` is not sent: it
 * conflicts with `imageNameRegex`. Fails with a target error naming both regexes when nothing matches.
 */
export function lookupTencentcloudImageId(_name: string, args: TencentcloudImageArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const { plan, instanceType } = args;
  const { image } = plan.bootstrap;
  if (image.lookup !== "name-regex") throw targetError(plan, parent, `image look-up "${image.lookup}" is not supported on Tencent Cloud, expected "name-regex"`);
  const query = (regex: string) =>
    thinInvoke<ImageListResult>(TENCENTCLOUD_PLUGIN, IMAGES_TOKEN, { imageNameRegex: regex, imageTypes: ["PUBLIC_IMAGE"], instanceType }, { parent, provider });
  const regexes = image.fallback ? `/${image.value}/ or /${image.fallback}/` : `/${image.value}/`;
  const none = () => targetError(plan, parent, `no public image matches ${regexes} for ${plan.offering.instanceType} in ${plan.placement.region}`);
  return firstImageId(query, image.value, image.fallback, none);
}

/** What the image look-up returns that the kit reads. */
export interface ImageListResult {
  images?: { imageId: string; imageName?: string }[];
}

/**
 * Id of the first image `query(primary)` returns; when it returns none, of the first that
 * `query(fallback)` returns (a GPU image first, plain Ubuntu after). Throws `none()` when nothing
 * matches.
 */
export function firstImageId(
  query: (regex: string) => pulumi.Output<ImageListResult>,
  primary: string,
  fallback: string | undefined,
  none: () => Error,
): pulumi.Output<string> {
  return query(primary).apply((r): pulumi.Output<string> => {
    const id = r.images?.[0]?.imageId;
    if (id) return pulumi.output(id);
    if (!fallback) throw none();
    return query(fallback).apply((f) => {
      const fallbackId = f.images?.[0]?.imageId;
      if (!fallbackId) throw none();
      return fallbackId;
    });
  });
}
