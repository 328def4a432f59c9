/**
 * Plan check: can a target's hosts pull the engine image? A host in a mainland-China region cannot
 * rely on Docker Hub, GHCR, NGC or Quay (`catalog/facts/registries.ts`), and a VPC-only registry
 * endpoint serves only its own cloud and region. Pure: no Pulumi, no I/O.
 *
 * Wiring (components/plan/target.ts, after the engine is rendered):
 * `issues.push(...checkImageRegistry({ target, index, region, image: engine.image, imageFromSpec: !!ctx.spec.engine.image, stack: ctx.stack }))`.
 */
import { cloudRegistry, publicRegistry, registryHost } from "../../catalog/facts/registries";
import type { Cloud, Residency } from "../../catalog/schema";
import type { ConfigIssue } from "../spec/issues";

/** Inputs of {@link checkImageRegistry}. */
export interface ImageRegistryInput {
  /** The target as the spec gives it (only these fields are read). */
  target: { name: string; cloud: Cloud; registryMirror?: string | null };
  /** Index of the target in `targets[]`, for the issue path. */
  index: number;
  /** The target's catalog region (`residency: "cn"` means mainland China). */
  region: { region: string; residency: Residency };
  /** The engine image the hosts will pull (`EngineRender.image`, after any mirror rewrite). */
  image: string;
  /** The image is the spec's `engine.image` verbatim (a mirror does not rewrite it): the issue points there. */
  imageFromSpec?: boolean;
  /** Stack name, for the `gpukit images --stack <stack>` hint. */
  stack: string;
}

/** An example mirror for the target's own cloud and region (Alibaba's VPC endpoint on Alibaba Cloud). */
function exampleMirror(cloud: Cloud, region: string): string {
  switch (cloud) {
    case "alicloud":
      return `registry-vpc.${region}.aliyuncs.com/<namespace>`;
    case "tencentcloud":
      return "ccr.ccs.tencentyun.com/<namespace>";
    case "volcengine":
      return `<instance>-${region}.cr.volces.com/<namespace>`;
    case "aws":
      return `<account>.dkr.ecr.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}/<namespace>`;
  }
}

/**
 * Issues for a target whose hosts could not pull `image`:
 * - a mainland-China target (`residency: "cn"`) pulling from a public registry that is not reliably
 *   reachable there (docker.io, ghcr.io, nvcr.io, quay.io);
 * - any target pulling from another cloud's or another region's VPC-only endpoint
 *   (e.g. `registry-vpc.cn-beijing.aliyuncs.com` from cn-hangzhou, or from Tencent Cloud).
 * Path: `targets[i].registryMirror`, or `engine.image` when the image is the spec's verbatim image.
 * Registries the facts do not know (a private Harbor, say) are accepted.
 */
export function checkImageRegistry(i: ImageRegistryInput): ConfigIssue[] {
  const host = registryHost(i.image);
  const path = i.imageFromSpec ? "engine.image" : `targets[${i.index}].registryMirror`;
  const given = i.imageFromSpec ? JSON.stringify(i.image) : i.target.registryMirror ? JSON.stringify(i.target.registryMirror) : undefined;
  const mirror = exampleMirror(i.target.cloud, i.region.region);
  const fix = i.imageFromSpec
    ? `set engine.image to a copy in a registry the hosts reach (e.g. ${mirror}/…), or drop engine.image and set targets[${i.index}].registryMirror`
    : `set targets[${i.index}].registryMirror to an in-cloud registry (e.g. ${mirror}) and copy the pinned images into it with \`gpukit images --stack ${i.stack}\``;
  const pub = publicRegistry(host);
  if (i.region.residency === "cn" && pub && pub.fromMainland !== "yes") {
    const how = pub.fromMainland === "no" ? "not reachable" : "not reliably reachable";
    return [
      {
        path,
        message: `target "${i.target.name}" is in mainland China (${i.region.region}) and would pull ${i.image} from ${pub.host}, which is ${how} from there; ${fix}`,
        ...(given ? { given } : {}),
      },
    ];
  }
  const own = cloudRegistry(host);
  if (own?.fact.vpcOnly && (own.fact.cloud !== i.target.cloud || (own.region !== null && own.region !== i.region.region))) {
    return [
      {
        path,
        message: `target "${i.target.name}" (${i.target.cloud} ${i.region.region}) would pull ${i.image} from ${host}, a VPC endpoint reachable only from ${[own.fact.cloud, own.region].filter(Boolean).join(" ")} VPCs; use the registry's public endpoint or one in the target's own cloud and region`,
        ...(given ? { given } : {}),
      },
    ];
  }
  return [];
}
