/**
 * Finds the GPU host image with the data source `volcengine:ecs/getImages:getImages`: the plan's
 * name regex first and, when it matches nothing, its fallback regex (`cloud-gpu-image`: a GPU
 * image with the driver preinstalled, else plain Ubuntu 22.04 on which the setup script installs
 * the pinned driver). The data source does not sort its result, so of several matches the newest
 * by `createdAt` is taken (ties and images without a creation time: smallest image id), the same
 * image on every run for the same result.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { VOLCENGINE_PLUGIN, thinInvoke } from "../providers/thin";

/** Token of the image data source (`volcengine:ecs/images:Images` is its deprecated alias). */
export const IMAGES_TOKEN = "volcengine:ecs/getImages:getImages";

/** One row of `images[]` (fields we read; `GetImagesImage` in `sdk/nodejs/types/output.ts`). */
export interface VolcengineImageRow {
  imageId: string;
  imageName?: string;
  /** Creation time, e.g. `2024-05-20T10:00:00+08:00`. */
  createdAt?: string;
}

/** Result of `getImages` (fields we read). */
export interface VolcengineImagesResult {
  images?: VolcengineImageRow[];
}

/**
 * The image to use among `images`: the newest by `createdAt`; images without a parsable creation
 * time come after dated ones; ties (and the undated) by image id. Undefined when the list is empty.
 */
export function newestImage(images: readonly VolcengineImageRow[]): VolcengineImageRow | undefined {
  const time = (i: VolcengineImageRow) => {
    const t = i.createdAt ? Date.parse(i.createdAt) : NaN;
    return Number.isNaN(t) ? -Infinity : t;
  };
  return [...images].sort((a, b) => time(b) - time(a) || (a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0))[0];
}

/** Inputs of {@link lookupVolcengineImage}. */
export interface VolcengineImageArgs {
  plan: TargetPlan;
  /**
   * Instance type the image must support: pass the verified one, so a wrong type fails on the type
   * check rather than as "no image". Default: the plan's.
   */
  instanceType?: pulumi.Input<string>;
}

/**
 * Id of the newest public Linux image whose name matches `plan.bootstrap.image.value` (a regex) and
 * that supports the instance type; when none does, the same for `image.fallback`. Fails with a
 * {@link targetError} naming both regexes when nothing matches.
 */
export function lookupVolcengineImage(_name: string, args: VolcengineImageArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const { plan } = args;
  const { image } = plan.bootstrap;
  if (image.lookup !== "name-regex") throw targetError(plan, parent, `image look-up "${image.lookup}" is not supported, expected "name-regex"`);
  const instanceType = args.instanceType ?? plan.offering.instanceType;
  const query = (regex: string) =>
    thinInvoke<VolcengineImagesResult>(VOLCENGINE_PLUGIN, IMAGES_TOKEN, { nameRegex: regex, osType: "Linux", visibility: "public", instanceTypeId: instanceType }, { parent, provider });
  const regexes = image.fallback ? `/${image.value}/ or /${image.fallback}/` : `/${image.value}/`;
  const none = () => targetError(plan, parent, `no public Linux image matches ${regexes} for ${plan.offering.instanceType} in ${plan.placement.region}`);
  const fallback = image.fallback;
  return query(image.value).apply((primary): pulumi.Output<string> => {
    const found = newestImage(primary.images ?? []);
    if (found) return pulumi.output(found.imageId);
    if (!fallback) throw none();
    return query(fallback).apply((second) => {
      const other = newestImage(second.images ?? []);
      if (!other) throw none();
      return other.imageId;
    });
  });
}
