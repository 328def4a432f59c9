/**
 * `gpukit images`: the engine image each target pulls, its public source, and the copy commands
 * (skopeo, docker) deduplicated across targets — for a stack with registry mirrors and one without.
 * Expected output is written out by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mirrorImage, publicImageOf } from "../components/engines/common";
import { runBin, runCli } from "./helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "gpukit-images-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = `config:
  gpu-inference:deployment:
    environment: dev
    owner: platform-team
    costCenter: ml-platform
    budget: { monthly: 20000, currency: CNY }
    model: { id: Qwen/Qwen2.5-7B-Instruct-AWQ, source: modelscope, quantization: awq, maxContextTokens: 8192 }
    loadBalancer: { public: false }
    compliance: { dataResidency: global, dataClassification: internal }
`;

function stackFile(name: string, body: string): string {
  const file = join(dir, `Pulumi.${name}.yaml`);
  writeFileSync(file, HEADER + body);
  return file;
}

/** Two Hangzhou targets share one mirror (one copy), Guangzhou has its own, Hong Kong has none. */
const mirrored = stackFile(
  "mirrored",
  `    engine: { name: vllm, maxConcurrentRequests: 16 }
    targets:
      - { name: hangzhou-a, cloud: alicloud, region: cn-hangzhou, gpu: A10, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, registryMirror: registry-vpc.cn-hangzhou.aliyuncs.com/acme }
      - { name: hangzhou-b, cloud: alicloud, region: cn-hangzhou, gpu: A10, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, registryMirror: registry-vpc.cn-hangzhou.aliyuncs.com/acme }
      - { name: guangzhou, cloud: tencentcloud, region: ap-guangzhou, gpu: auto, replicas: { min: 1, max: 1 }, registryMirror: ccr.ccs.tencentyun.com/acme }
      - { name: hongkong, cloud: tencentcloud, region: ap-hongkong, gpu: auto, replicas: { min: 1, max: 1 } }
`,
);

/** No mirror anywhere. */
const unmirrored = stackFile(
  "public",
  `    engine: { name: vllm, maxConcurrentRequests: 16 }
    targets:
      - { name: hongkong, cloud: tencentcloud, region: ap-hongkong, gpu: auto, replicas: { min: 1, max: 1 } }
`,
);

describe("gpukit images, stack with registry mirrors", () => {
  it("text: per target what it pulls and from where, then each copy once (skopeo and docker)", async () => {
    const result = await runCli(["images", "--stack-file", mirrored]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Images of stack mirrored:

hangzhou-a (alicloud cn-hangzhou)
  engine: pulls registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0
          public vllm/vllm-openai:v0.29.0
hangzhou-b (alicloud cn-hangzhou)
  engine: pulls registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0
          public vllm/vllm-openai:v0.29.0
guangzhou (tencentcloud ap-guangzhou)
  engine: pulls ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0
          public vllm/vllm-openai:v0.29.0
hongkong (tencentcloud ap-hongkong)
  engine: pulls vllm/vllm-openai:v0.29.0
          pulls from the public registry

Before \`pulumi up\`, copy the 2 images to their mirrors from a machine that reaches
both registries (logged in with \`skopeo login\` or \`docker login\`):
  skopeo copy --all docker://vllm/vllm-openai:v0.29.0 docker://registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0
  skopeo copy --all docker://vllm/vllm-openai:v0.29.0 docker://ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0

Or with docker (copies only this machine's platform):
  docker pull vllm/vllm-openai:v0.29.0
  docker tag vllm/vllm-openai:v0.29.0 registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0
  docker push registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0
  docker tag vllm/vllm-openai:v0.29.0 ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0
  docker push ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0

Note: registry-vpc.cn-hangzhou.aliyuncs.com answers only inside its region's VPCs: run the copy from a host there,
      or push to registry.cn-hangzhou.aliyuncs.com instead (the same repositories).

Add --format script for a bash script of the skopeo commands.
`);
  });

  it("json: { images: [{ target, role, cloud, region, public, mirror, build }] }", async () => {
    const result = await runCli(["images", "--stack-file", mirrored, "--format", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      images: [
        { target: "hangzhou-a", role: "engine", cloud: "alicloud", region: "cn-hangzhou", public: "vllm/vllm-openai:v0.29.0", mirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0", build: false },
        { target: "hangzhou-b", role: "engine", cloud: "alicloud", region: "cn-hangzhou", public: "vllm/vllm-openai:v0.29.0", mirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0", build: false },
        { target: "guangzhou", role: "engine", cloud: "tencentcloud", region: "ap-guangzhou", public: "vllm/vllm-openai:v0.29.0", mirror: "ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0", build: false },
        { target: "hongkong", role: "engine", cloud: "tencentcloud", region: "ap-hongkong", public: "vllm/vllm-openai:v0.29.0", mirror: null, build: false },
      ],
    });
  });

  it("script: a bash script with set -euo pipefail and one skopeo copy per mirror image", async () => {
    const result = await runCli(["images", "--stack-file", mirrored, "--format", "script"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`#!/usr/bin/env bash
# Copies the images of stack mirrored to the targets' registry mirrors (generated by gpukit images).
# Needs skopeo, logged in to each mirror registry (skopeo login <registry>).
set -euo pipefail

skopeo copy --all docker://vllm/vllm-openai:v0.29.0 docker://registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0
skopeo copy --all docker://vllm/vllm-openai:v0.29.0 docker://ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0
`);
  });

  it("an engine version pin moves the public and mirror tags together", async () => {
    const file = stackFile(
      "pinned",
      `    engine: { name: sglang, version: v0.5.0-cu126, maxConcurrentRequests: 16 }
    targets:
      - { name: hangzhou, cloud: alicloud, region: cn-hangzhou, gpu: A10, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, registryMirror: registry.cn-hangzhou.aliyuncs.com/acme }
`,
    );
    const result = await runCli(["images", "--stack-file", file, "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).images).toEqual([
      { target: "hangzhou", role: "engine", cloud: "alicloud", region: "cn-hangzhou", public: "lmsysorg/sglang:v0.5.0-cu126", mirror: "registry.cn-hangzhou.aliyuncs.com/acme/sglang:v0.5.0-cu126", build: false },
    ]);
  });

  it("engine.image is pulled as given, with no mirror copy", async () => {
    const file = stackFile(
      "custom",
      `    engine: { name: vllm, image: "registry.cn-hangzhou.aliyuncs.com/acme/vllm-custom:1.2", maxConcurrentRequests: 16 }
    targets:
      - { name: hangzhou, cloud: alicloud, region: cn-hangzhou, gpu: A10, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, registryMirror: registry.cn-hangzhou.aliyuncs.com/acme }
`,
    );
    const result = await runCli(["images", "--stack-file", file]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`Images of stack custom:

hangzhou (alicloud cn-hangzhou)
  engine: pulls registry.cn-hangzhou.aliyuncs.com/acme/vllm-custom:1.2
          engine.image, used as given (no mirror copy)

No target uses a registry mirror for a public image: nothing to copy.
`);
  });

  it("the real binary loads the planner itself and prints the same JSON", () => {
    const result = runBin(["images", "--stack-file", mirrored, "--format", "json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).images.map((i: { mirror: string | null }) => i.mirror)).toEqual([
      "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0",
      "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0",
      "ccr.ccs.tencentyun.com/acme/vllm-openai:v0.29.0",
      null,
    ]);
  });
});

describe("gpukit images, stack without a mirror", () => {
  it("text says the target pulls from the public registry and there is nothing to copy", async () => {
    const result = await runCli(["images", "--stack-file", unmirrored]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: `Images of stack public:

hongkong (tencentcloud ap-hongkong)
  engine: pulls vllm/vllm-openai:v0.29.0
          pulls from the public registry

No target uses a registry mirror for a public image: nothing to copy.
`,
    });
  });

  it("json has mirror null; the script copies nothing", async () => {
    const json = await runCli(["images", "--stack-file", unmirrored, "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      images: [{ target: "hongkong", role: "engine", cloud: "tencentcloud", region: "ap-hongkong", public: "vllm/vllm-openai:v0.29.0", mirror: null, build: false }],
    });
    const script = await runCli(["images", "--stack-file", unmirrored, "--format", "script"]);
    expect(script.stdout).toBe(`#!/usr/bin/env bash
# Copies the images of stack public to the targets' registry mirrors (generated by gpukit images).
# Needs skopeo, logged in to each mirror registry (skopeo login <registry>).
set -euo pipefail

# No target uses a registry mirror for a public image: nothing to copy.
`);
  });
});

describe("gpukit images, bad input", () => {
  it("an invalid stack exits 2 with every problem, as plan does", async () => {
    const file = stackFile("bad", `    engine: { name: vlm }\n    targets: []\n`);
    const result = await runCli(["images", "--stack-file", file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Invalid configuration \(\d+ problems?\); nothing was registered:\n/);
    expect(result.stderr).toContain("engine.name");
  });

  it("a missing stack exits 2 naming the stacks there are", async () => {
    const result = await runCli(["images", "--stack", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stacks: .*dev/);
  });
});

describe("mirror image mapping (components/engines/common.ts)", () => {
  it("mirrorImage keeps the basename and tag under the mirror; publicImageOf reverses it", () => {
    expect(mirrorImage("vllm/vllm-openai", "v0.29.0", "registry-vpc.cn-hangzhou.aliyuncs.com/acme/")).toBe("registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0");
    expect(mirrorImage("nvcr.io/nvidia/tritonserver", "25.01-trtllm-python-py3", "mirror.example.com:5000/ml")).toBe("mirror.example.com:5000/ml/tritonserver:25.01-trtllm-python-py3");
    expect(publicImageOf("mirror.example.com:5000/ml/tritonserver:25.01-trtllm-python-py3", "mirror.example.com:5000/ml", "nvcr.io/nvidia/tritonserver")).toBe(
      "nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3",
    );
    expect(publicImageOf("registry.cn-hangzhou.aliyuncs.com/acme/vllm-custom:1.2", "registry.cn-hangzhou.aliyuncs.com/acme", "vllm/vllm-openai")).toBeNull();
    expect(publicImageOf("other.example.com/acme/vllm-openai:v1", "registry.cn-hangzhou.aliyuncs.com/acme", "vllm/vllm-openai")).toBeNull();
  });
});

describe("gpukit images lists the images beside the engine", () => {
  it("gateway, its Redis and the TMS filter (built, not copied) of a mainland gateway stack", async () => {
    const result = await runCli(["images", "--stack-file", join(__dirname, "fixtures", "stacks", "Pulumi.gateway-cn-tms.yaml"), "--format", "json"]);
    expect(result.stderr).toBe("");
    const images = JSON.parse(result.stdout).images as { target: string; role: string; public: string; mirror: string | null; build: boolean }[];
    expect(images.map((i) => [i.role, i.build])).toEqual([
      ["engine", false],
      ["gateway", false],
      ["rate-limit-store", false],
      ["moderation-filter", true],
    ]);
    expect(images[1].public).toBe("higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:2.2.1");
    expect(images[2].public).toBe("higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/redis-stack-server:7.4.0-v3");
    expect(images[3].public).toBe("components/gateway/tms-filter");
    expect(images[3].mirror).toMatch(/^registry-vpc\.cn-hangzhou\.aliyuncs\.com\/acme\/gpukit-tms-filter:1-[0-9a-f]{12}$/);
    const script = await runCli(["images", "--stack-file", join(__dirname, "fixtures", "stacks", "Pulumi.gateway-cn-tms.yaml"), "--format", "script"]);
    expect(script.stdout).toContain(`docker build -t ${images[3].mirror} components/gateway/tms-filter && docker push ${images[3].mirror}`);
    // the filter is built, never copied from a public image
    expect(script.stdout).not.toContain("skopeo copy --all docker://components/");
  });

  it("Qdrant on its own host pulls from the mirror and is copied there once", async () => {
    const file = stackFile(
      "qdrant-vm",
      `    engine: { name: vllm, maxConcurrentRequests: 16 }
    vectorDatabase: { engine: qdrant, storageGb: 50 }
    targets:
      - { name: hangzhou, cloud: alicloud, region: cn-hangzhou, zones: [cn-hangzhou-h], gpu: A10, gpusPerReplica: 1, replicas: { min: 1, max: 1 }, registryMirror: registry.cn-hangzhou.aliyuncs.com/acme }
`,
    );
    const result = await runCli(["images", "--stack-file", file, "--format", "script"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("skopeo copy --all docker://vllm/vllm-openai:v0.29.0 docker://registry.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0\n");
    expect(result.stdout).toContain("skopeo copy --all docker://qdrant/qdrant:v1.19.0 docker://registry.cn-hangzhou.aliyuncs.com/acme/qdrant:v1.19.0\n");
  });
});
