/**
 * Hand-written expectations for the image-registry and weights-access plan checks, aimed at the
 * mutants Stryker left alive in components/plan/registry.ts and weights-access.ts (bench/RESULTS.md):
 * every cloud's example mirror in the fix text, both reachability wordings, the `given` field, the
 * VPC-endpoint rule for same/other cloud and region, and the allowed sources of the weights issue.
 * Every message is written out in full here, never rebuilt from the code's tables.
 */
import { describe, expect, it } from "vitest";
import { checkImageRegistry } from "../components/plan/registry";
import { checkWeightsAccess } from "../components/plan/weights-access";

const cn = (region: string) => ({ region, residency: "cn" as const });
const global = (region: string) => ({ region, residency: "global" as const });
const VLLM = "vllm/vllm-openai:v0.29.0";

describe("checkImageRegistry: the fix text names a mirror of the target's own cloud and region", () => {
  it("Alibaba Cloud: the region's ACR VPC endpoint; Docker Hub is 'not reachable'", () => {
    expect(checkImageRegistry({ target: { name: "hz", cloud: "alicloud" }, index: 0, region: cn("cn-hangzhou"), image: VLLM, stack: "dev" })).toEqual([
      {
        path: "targets[0].registryMirror",
        message:
          'target "hz" is in mainland China (cn-hangzhou) and would pull vllm/vllm-openai:v0.29.0 from docker.io, which is not reachable from there; ' +
          "set targets[0].registryMirror to an in-cloud registry (e.g. registry-vpc.cn-hangzhou.aliyuncs.com/<namespace>) and copy the pinned images into it with `gpukit images --stack dev`",
      },
    ]);
  });
  it("Tencent Cloud: CCR; GHCR is 'not reliably reachable'; a mirror set in the spec is the given value", () => {
    const issues = checkImageRegistry({
      target: { name: "gz", cloud: "tencentcloud", registryMirror: "ghcr.io/acme" },
      index: 2,
      region: cn("ap-guangzhou"),
      image: "ghcr.io/acme/vllm-openai:v0.29.0",
      stack: "prod",
    });
    expect(issues).toEqual([
      {
        path: "targets[2].registryMirror",
        message:
          'target "gz" is in mainland China (ap-guangzhou) and would pull ghcr.io/acme/vllm-openai:v0.29.0 from ghcr.io, which is not reliably reachable from there; ' +
          "set targets[2].registryMirror to an in-cloud registry (e.g. ccr.ccs.tencentyun.com/<namespace>) and copy the pinned images into it with `gpukit images --stack prod`",
        given: '"ghcr.io/acme"',
      },
    ]);
  });
  it("Volcano Engine: <instance>-<region>.cr.volces.com; the spec's own image points at engine.image", () => {
    const issues = checkImageRegistry({
      target: { name: "bj", cloud: "volcengine" },
      index: 1,
      region: cn("cn-beijing"),
      image: "quay.io/x/y:1",
      imageFromSpec: true,
      stack: "staging",
    });
    expect(issues).toEqual([
      {
        path: "engine.image",
        message:
          'target "bj" is in mainland China (cn-beijing) and would pull quay.io/x/y:1 from quay.io, which is not reliably reachable from there; ' +
          "set engine.image to a copy in a registry the hosts reach (e.g. <instance>-cn-beijing.cr.volces.com/<namespace>/…), or drop engine.image and set targets[1].registryMirror",
        given: '"quay.io/x/y:1"',
      },
    ]);
  });
  it("AWS China: ECR with the .cn suffix for a cn- region", () => {
    const [issue] = checkImageRegistry({ target: { name: "bjs", cloud: "aws" }, index: 0, region: cn("cn-north-1"), image: "nvcr.io/nvidia/x:1", stack: "dev" });
    expect(issue!.message).toContain("(e.g. <account>.dkr.ecr.cn-north-1.amazonaws.com.cn/<namespace>)");
    expect(issue!.message).toContain("from nvcr.io, which is not reliably reachable from there");
  });
  it("AWS, a region id without the cn- prefix: no .cn suffix", () => {
    // The function trusts the residency it is given; the suffix follows the region id alone.
    const [issue] = checkImageRegistry({ target: { name: "x", cloud: "aws" }, index: 3, region: cn("ap-east-9"), image: VLLM, stack: "dev" });
    expect(issue!.message).toContain("(e.g. <account>.dkr.ecr.ap-east-9.amazonaws.com/<namespace>)");
    expect(issue!.path).toBe("targets[3].registryMirror");
  });
  it("accepts Docker Hub, GHCR and NGC outside mainland China", () => {
    for (const image of [VLLM, "ghcr.io/a/b:1", "nvcr.io/a/b:1", "quay.io/a/b:1"]) {
      expect(checkImageRegistry({ target: { name: "use1", cloud: "aws" }, index: 0, region: global("us-east-1"), image, stack: "dev" })).toEqual([]);
    }
  });
  it("accepts a registry the facts do not know, even in mainland China", () => {
    expect(checkImageRegistry({ target: { name: "hz", cloud: "alicloud" }, index: 0, region: cn("cn-hangzhou"), image: "harbor.acme.internal/ai/vllm:1", stack: "dev" })).toEqual([]);
  });
});

describe("checkImageRegistry: VPC-only endpoints", () => {
  const vpcImage = "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0";
  it("accepts the VPC endpoint from the same cloud and region", () => {
    expect(checkImageRegistry({ target: { name: "hz", cloud: "alicloud" }, index: 0, region: cn("cn-hangzhou"), image: vpcImage, stack: "dev" })).toEqual([]);
  });
  it("refuses it from another region of the same cloud, naming cloud and region of the endpoint", () => {
    expect(
      checkImageRegistry({ target: { name: "bj", cloud: "alicloud", registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme" }, index: 1, region: cn("cn-beijing"), image: vpcImage, stack: "dev" }),
    ).toEqual([
      {
        path: "targets[1].registryMirror",
        message:
          'target "bj" (alicloud cn-beijing) would pull registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0 from registry-vpc.cn-hangzhou.aliyuncs.com, ' +
          "a VPC endpoint reachable only from alicloud cn-hangzhou VPCs; use the registry's public endpoint or one in the target's own cloud and region",
        given: '"registry-vpc.cn-hangzhou.aliyuncs.com/acme"',
      },
    ]);
  });
  it("refuses it from another cloud in the same region id, without a given value when no mirror is set", () => {
    const issues = checkImageRegistry({ target: { name: "hzv", cloud: "volcengine" }, index: 0, region: cn("cn-hangzhou"), image: vpcImage, stack: "dev" });
    expect(issues).toHaveLength(1);
    expect(issues[0]).not.toHaveProperty("given");
    expect(issues[0]!.message).toContain("reachable only from alicloud cn-hangzhou VPCs");
  });
  it("refuses the enterprise VPC endpoint from a global region of another cloud", () => {
    const image = "acme-registry-vpc.cn-shanghai.cr.aliyuncs.com/ai/vllm:1";
    const issues = checkImageRegistry({ target: { name: "use1", cloud: "aws" }, index: 0, region: global("us-east-1"), image, imageFromSpec: true, stack: "dev" });
    expect(issues).toEqual([
      {
        path: "engine.image",
        message:
          'target "use1" (aws us-east-1) would pull acme-registry-vpc.cn-shanghai.cr.aliyuncs.com/ai/vllm:1 from acme-registry-vpc.cn-shanghai.cr.aliyuncs.com, ' +
          "a VPC endpoint reachable only from alicloud cn-shanghai VPCs; use the registry's public endpoint or one in the target's own cloud and region",
        given: '"acme-registry-vpc.cn-shanghai.cr.aliyuncs.com/ai/vllm:1"',
      },
    ]);
  });
  it("accepts public endpoints of a cloud's registry from anywhere", () => {
    expect(checkImageRegistry({ target: { name: "gz", cloud: "tencentcloud" }, index: 0, region: cn("ap-guangzhou"), image: "registry.cn-hangzhou.aliyuncs.com/a/b:1", stack: "dev" })).toEqual([]);
  });
});

describe("checkWeightsAccess", () => {
  const cos = { kind: "object-storage" as const, uri: "cos://models-125/qwen", hostPath: "/opt/gpukit/models/qwen", containerPath: "/models/qwen" };
  it("names the target, its index, the URI, the clouds that work, and allows the two hub sources", () => {
    expect(checkWeightsAccess({ target: { name: "gz", cloud: "tencentcloud" }, index: 2, source: cos })).toEqual([
      {
        path: "model.source",
        message:
          'target "gz" (targets[2]) is on tencentcloud, where the kit attaches no instance role to the GPU hosts, so they cannot read cos://models-125/qwen; ' +
          "use a hub source (huggingface, or modelscope from mainland regions) for this target, or serve object-storage weights from aws or alicloud targets",
        given: '"cos://models-125/qwen"',
        allowed: ["huggingface", "modelscope"],
      },
    ]);
  });
  it("accepts a hub source on Volcano Engine", () => {
    const hub = { kind: "huggingface" as const, uri: "Qwen/Qwen2.5-7B-Instruct", hostPath: "/opt/gpukit/models/hub-cache" };
    expect(checkWeightsAccess({ target: { name: "bj", cloud: "volcengine" }, index: 0, source: hub })).toEqual([]);
  });
});
