/**
 * Deployability checks, continued: metadata-mode, disk-floor, health-grace, mainland-registry, the
 * checks as policy-pack rules, and the user-data reader. AWS and Alibaba Cloud cases start from real
 * recordings of the adapters and mutate them. Expected values are written by hand.
 */
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { deployabilityCheck, formatFindings, runDeployability, stackRule, toRecorded, type Finding, type RecordedResourceLike } from "../deployability";
import { decodeUserData, imagePulls, metadataReads, shellTexts } from "../deployability/userdata";
import { targetPlan } from "./fixtures/target-plan";
import { aliPlan, awsPlan, b64, clone, deployment, findings, named, recordTarget, ROOT, tencentRecording, tencentPlan, volcengineRecording, volcPlan, withImage, withMetadataMode, withoutDiskFacts } from "./helpers/deployability-fixtures";

// recordings of the AWS and Alibaba Cloud adapters
let aws: RecordedResourceLike[];
let ali: RecordedResourceLike[];

beforeAll(async () => {
  aws = await recordTarget(awsPlan);
  ali = await recordTarget(aliPlan);
});

describe("metadata-mode", () => {
  const ALI_TOKEN_SCRIPT = [
    "#cloud-config",
    "write_files:",
    "  - path: /opt/gpukit/setup.sh",
    "    permissions: '0755'",
    "    content: |",
    "      #!/bin/bash",
    "      set -euo pipefail",
    "      md() {",
    "        local t",
    "        t=$(curl -fsS --retry 5 -X PUT -H 'X-aliyun-ecs-metadata-token-ttl-seconds: 300' http://100.100.100.200/latest/api/token)",
    '        curl -fsS --retry 5 -H "X-aliyun-ecs-metadata-token: $t" "http://100.100.100.200/latest/meta-data/$1"',
    "      }",
    '      U="$(md source-address | head -1)"',
    "",
  ].join("\n");

  const aliRequired = withMetadataMode(aliPlan, "token-required");

  function aliWith(userData: string, httpTokens = "required"): RecordedResourceLike[] {
    const rs = clone(ali);
    Object.assign(named(rs, "main-lt").inputs, { userData: b64(userData), httpTokens });
    return rs;
  }

  it("passes when every metadata read sends the token", () => {
    expect(findings("metadata-mode", awsPlan, aws)).toEqual([]);
    expect(findings("metadata-mode", aliRequired, aliWith(ALI_TOKEN_SCRIPT))).toEqual([]);
  });

  it("flags a plain curl of 100.100.100.200 on a token-only Alibaba template", () => {
    const plain = ALI_TOKEN_SCRIPT.replace('U="$(md source-address | head -1)"', 'U="$(curl -fsS --retry 5 http://100.100.100.200/latest/meta-data/source-address | head -1)"');
    const f = findings("metadata-mode", aliRequired, aliWith(plain));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("urn:pulumi:test::gpu-inference::gpu-inference:alicloud:VmTarget$alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate::main-lt");
    expect(f[0]!.message).toContain('main-lt requires metadata tokens (httpTokens: "required") but its user-data (write_files:/opt/gpukit/setup.sh) reads 100.100.100.200 without the X-aliyun-ecs-metadata-token header');
    expect(f[0]!.fix).toContain('-H "X-aliyun-ecs-metadata-token: $TOKEN"');
  });

  it("flags a read through a variable and a wget, in plain #!/bin/bash user-data", () => {
    const script = "#!/bin/bash\nMD=http://100.100.100.200/latest/meta-data\nR=$(curl -s $MD/ram/security-credentials/)\nwget -qO- http://100.100.100.200/latest/meta-data/region-id\n";
    const f = findings("metadata-mode", aliRequired, aliWith(script));
    expect(f.map((x) => x.message.match(/`(.*)`/)![1])).toEqual(["curl -s $MD/ram/security-credentials/", "wget -qO- http://100.100.100.200/latest/meta-data/region-id"]);
  });

  it("does not flag plain reads when the template allows them (httpTokens: optional)", () => {
    const f = findings("metadata-mode", aliRequired, aliWith("#!/bin/bash\ncurl http://100.100.100.200/latest/meta-data/region-id\n", "optional"));
    expect(f).toEqual([]);
  });

  it("AWS: a plain IMDS read on an IMDSv2-only launch template", () => {
    const rs = clone(aws);
    named(rs, "main-lt").inputs.userData = b64("#!/bin/bash\nset -e\nREGION=$(curl -s http://169.254.169.254/latest/meta-data/placement/region)\n");
    const f = findings("metadata-mode", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("reads 169.254.169.254 without the X-aws-ec2-metadata-token header");
    expect(f[0]!.fix).toContain("PUT http://169.254.169.254/latest/api/token with X-aws-ec2-metadata-token-ttl-seconds");
  });

  it("flags a token-only template when the plan asks for token-optional hosts", () => {
    const plan = withMetadataMode(aliPlan, "token-optional");
    const f = findings("metadata-mode", plan, aliWith(ALI_TOKEN_SCRIPT));
    expect(f).toHaveLength(1);
    expect(f[0]!.fix).toBe('set httpTokens: "optional" on main-lt when plan.bootstrap.metadata.mode is "token-optional"');
  });
});

describe("disk-floor (catalog facts when the plan has no bootstrap.disk)", () => {
  it("passes when the root disk holds image, engine image and weights", () => {
    expect(findings("disk-floor", withoutDiskFacts(awsPlan), aws)).toEqual([]);
    expect(findings("disk-floor", withoutDiskFacts(aliPlan), ali)).toEqual([]);
    expect(findings("disk-floor", withoutDiskFacts(tencentPlan), tencentRecording())).toEqual([]);
    expect(findings("disk-floor", withoutDiskFacts(volcPlan), volcengineRecording())).toEqual([]);
  });

  it("AWS: a 70 GB root volume is below the 75 GB DLAMI snapshot", () => {
    const rs = clone(aws);
    (named(rs, "main-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 70;
    const f = findings("disk-floor", withoutDiskFacts(awsPlan), rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("main-lt asks for a 70 GB root disk, smaller than the image's 75 GB snapshot: the cloud refuses the launch");
    // DLAMI 75 + installs 0 + vllm 30 + 5.6 × 1.2 = 111.72 → 112
    expect(f[0]!.fix).toBe("set the root disk of main-lt to at least 112 GB (plan.bootstrap.disk.rootVolumeGb)");
  });

  it("AWS: 100 GB holds the snapshot but not the engine image and weights; no mapping at all", () => {
    const rs = clone(aws);
    (named(rs, "main-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 100;
    expect(findings("disk-floor", withoutDiskFacts(awsPlan), rs)[0]!.message).toContain("main-lt asks for a 100 GB root disk; it must hold image floor 75 GB + engine image 30 GB + weights 6.7 GB = 112 GB");
    delete named(rs, "main-lt").inputs.blockDeviceMappings;
    expect(findings("disk-floor", withoutDiskFacts(awsPlan), rs)[0]!.message).toContain("main-lt sets no root volume size, so the root volume is the AMI's snapshot (75 GB)");
  });

  it("uses the plan's bootstrap.disk facts when present", () => {
    const plan = clone(awsPlan);
    plan.bootstrap.disk = {
      snapshotGb: 75,
      imageFloorGb: 75,
      engineImageGb: 30,
      weightsGb: 16,
      weightsHeadroom: 1.2,
      stagingGb: 0,
      recommendedMinGb: 100,
      rootVolumeGb: 130,
      status: "unverified",
      source: "test facts",
    };
    const rs = clone(aws);
    (named(rs, "main-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 120;
    const f = findings("disk-floor", plan, rs);
    // 75 + 30 + 16 × 1.2 = 124.2 → 125
    expect(f[0]!.message).toContain("= 125 GB");
    expect(f[0]!.message).toContain("plan.bootstrap.disk (test facts)");
  });

  it("Alibaba: a 40 GB system disk", () => {
    const rs = clone(ali);
    (named(rs, "main-lt").inputs.systemDisk as { size: number }).size = 40;
    // 20 + 15 (auto-install) + 30 + 6.72 = 71.72 → 72
    expect(findings("disk-floor", withoutDiskFacts(aliPlan), rs)[0]!.fix).toBe("set the root disk of main-lt to at least 72 GB (plan.bootstrap.disk.rootVolumeGb)");
  });

  it("Tencent fixed-size CVM: plain userDataRaw, system disk and weights data disk (dataDiskSize)", () => {
    const rs = tencentRecording().filter((r) => !r.type.startsWith("tencentcloud:As/"));
    rs.push({
      ...named(tencentRecording(), "main-launch-config"),
      type: "tencentcloud:Instance/instance:Instance",
      name: "main-host-0",
      urn: `${ROOT}gpu-inference:tencentcloud:VmTarget$tencentcloud:Instance/instance:Instance::main-host-0`,
      id: "main-host-0-id",
      inputs: {
        instanceName: "test-main-host-0",
        systemDiskSize: 70,
        dataDisks: [{ dataDiskType: "CLOUD_SSD", dataDiskSize: 50, encrypt: true }],
        orderlySecurityGroups: ["main-host-sg-id"],
        userDataRaw: "#cloud-config\nruncmd:\n  - [docker, pull, 'docker.io/vllm/vllm-openai:v0.11.0']\n",
      },
    });
    expect(findings("disk-floor", withoutDiskFacts(tencentPlan), rs)).toEqual([]);
    named(rs, "main-host-0", "tencentcloud:Instance/instance:Instance").inputs.systemDiskSize = 40;
    expect(findings("disk-floor", withoutDiskFacts(tencentPlan), rs).map((x) => x.fix)).toEqual(["set systemDiskSize >= 60 on main-host-0"]);
    expect(findings("mainland-registry", tencentPlan, rs)[0]!.message).toContain("main-host-0's user-data (runcmd[0]) pulls docker.io/vllm/vllm-openai:v0.11.0");
  });

  it("Tencent: weights data disk and system disk sized separately", () => {
    const rs = tencentRecording();
    Object.assign(named(rs, "main-launch-config").inputs, { systemDiskSize: 50, dataDisks: [{ diskType: "CLOUD_SSD", diskSize: 5 }] });
    const f = findings("disk-floor", withoutDiskFacts(tencentPlan), rs);
    // system: 20 + 10 + 30 = 60; weights: 5.6 × 1.2 = 6.72 → 7
    expect(f.map((x) => x.fix)).toEqual(["set systemDiskSize >= 60 on main-launch-config", "size the first data disk of main-launch-config to at least 7 GB"]);
  });

  it("Volcano Engine: the scaling configuration's system volume", () => {
    const rs = volcengineRecording();
    (named(rs, "main-scaling-config").inputs.volumes as { size: number }[])[0]!.size = 60;
    // 40 + 10 + 30 + 6.72 = 86.72 → 87
    expect(findings("disk-floor", withoutDiskFacts(volcPlan), rs)[0]!.message).toContain("main-scaling-config asks for a 60 GB root disk; it must hold image floor 50 GB + engine image 30 GB + weights 6.7 GB = 87 GB");
  });
});

describe("health-grace", () => {
  it("passes when the ELB grace covers the start budget", () => {
    expect(findings("health-grace", awsPlan, aws)).toEqual([]);
    expect(findings("health-grace", aliPlan, ali)).toEqual([]);
  });

  it("AWS: a 20-minute grace against a 60-minute start budget", () => {
    const rs = clone(aws);
    named(rs, "main-asg").inputs.healthCheckGracePeriod = 1200;
    const f = findings("health-grace", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.endsWith("::main-asg")).toBe(true);
    expect(f[0]!.message).toContain("main-asg replaces hosts the load balancer reports unhealthy (healthCheckType) after a 1200 s grace, shorter than the engine's start budget of 3600 s");
    expect(f[0]!.fix).toBe("set healthCheckGracePeriod: 3600 (plan.bootstrap.startBudgetSec) on main-asg");
  });

  it("AWS: no grace set means AWS's 300 s default; EC2 health checks are not judged", () => {
    const rs = clone(aws);
    delete named(rs, "main-asg").inputs.healthCheckGracePeriod;
    expect(findings("health-grace", awsPlan, rs)[0]!.message).toContain("after a 300 s grace (the default)");
    named(rs, "main-asg").inputs.healthCheckType = "EC2";
    expect(findings("health-grace", awsPlan, rs)).toEqual([]);
  });

  it("Alibaba: LOAD_BALANCER health checks with no grace input", () => {
    const rs = clone(ali);
    named(rs, "main-asg").inputs.healthCheckTypes = ["ECS", "LOAD_BALANCER"];
    const f = findings("health-grace", aliPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.fix).toContain("drop LOAD_BALANCER from healthCheckTypes on main-asg");
  });

  it("Tencent: CLB health replacement with a 600 s grace", () => {
    const rs = tencentRecording();
    Object.assign(named(rs, "main-scaling-group").inputs, { replaceLoadBalancerUnhealthy: true, lbHealthCheckGracePeriod: 600 });
    expect(findings("health-grace", tencentPlan, rs)[0]!.fix).toBe("set lbHealthCheckGracePeriod: 3600 (plan.bootstrap.startBudgetSec) on main-scaling-group");
  });
});

describe("mainland-registry", () => {
  it("passes for in-cloud registries in mainland targets, and ignores global targets", () => {
    expect(findings("mainland-registry", aliPlan, ali)).toEqual([]);
    expect(findings("mainland-registry", tencentPlan, tencentRecording())).toEqual([]);
    expect(findings("mainland-registry", volcPlan, volcengineRecording())).toEqual([]);
    expect(findings("mainland-registry", awsPlan, aws)).toEqual([]); // docker.io, but us-east-1
  });

  it("flags a docker.io engine image in cn-hangzhou, in the plan and in the user-data", async () => {
    const plan = targetPlan("alicloud");
    const rs = await recordTarget(plan);
    const f = findings("mainland-registry", plan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toContain("target main in cn-hangzhou (mainland China) plans engine image vllm/vllm-openai:v0.11.0: docker.io is blocked from mainland China");
    expect(f[1]!.resource.endsWith("::main-lt")).toBe(true);
    expect(f[1]!.message).toContain("main-lt's user-data (write_files:/usr/local/bin/gpu-inference-start) pulls vllm/vllm-openai:v0.11.0");
    expect(f[1]!.fix).toContain("registry-vpc.cn-hangzhou.aliyuncs.com (ACR)");
  });

  it("flags a VPC-only ACR endpoint of another region and an nvcr.io pull in the user-data", () => {
    const other = withImage(targetPlan("alicloud"), "registry-vpc.cn-beijing.aliyuncs.com/kit/vllm-openai:v0.11.0");
    const f = findings("mainland-registry", other, ali);
    expect(f[0]!.message).toContain("registry-vpc.cn-beijing.aliyuncs.com is a VPC-only endpoint of alicloud cn-beijing; hosts on alicloud cn-hangzhou cannot reach it");
    const rs = tencentRecording();
    named(rs, "main-launch-config").inputs.userData = b64("#cloud-config\nruncmd:\n  - [docker, pull, 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3']\n");
    const g = findings("mainland-registry", tencentPlan, rs);
    expect(g).toHaveLength(1);
    expect(g[0]!.message).toContain("nvcr.io is unreliable from mainland China");
  });
});

describe("as policy-pack rules", () => {
  it("reports the same findings through a StackValidationPolicy-shaped rule", () => {
    const rs = clone(aws);
    named(rs, "main-asg").inputs.healthCheckGracePeriod = 1200;
    const policyResources = rs.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      parent: r.parent ? { urn: r.parent } : undefined,
      provider: r.provider ? { urn: r.provider.slice(0, r.provider.lastIndexOf("::")) } : undefined,
      id: r.id,
    }));
    expect(toRecorded(policyResources).filter((r) => r.custom).length).toBe(rs.filter((r) => r.custom).length);
    const rule = stackRule(deployabilityCheck("health-grace"), () => deployment(awsPlan));
    expect(rule.name).toBe("deployability-health-grace");
    const violations: [string, string | undefined][] = [];
    rule.validateStack({ resources: policyResources }, (m, u) => violations.push([m, u]));
    expect(violations).toHaveLength(1);
    expect(violations[0]![1]).toBe("urn:pulumi:test::gpu-inference::gpu-inference:aws:VmTarget$aws:autoscaling/group:Group::main-asg");
    expect(violations[0]![0]).toContain("-- fix: set healthCheckGracePeriod: 3600");
  });
});

describe("formatting and user-data reading", () => {
  it("formats one line per finding: check, target, resource, message, fix", () => {
    const f: Finding = { check: "disk-floor", target: "main", resource: "urn:x::main-lt", message: "too small", fix: "grow it" };
    expect(formatFindings([f, f])).toBe("disk-floor main urn:x::main-lt: too small -- fix: grow it\ndisk-floor main urn:x::main-lt: too small -- fix: grow it");
  });

  it("runDeployability returns findings and notes of all checks", () => {
    const r = runDeployability({ plan: deployment(tencentPlan), resources: tencentRecording().filter((x) => x.name !== "main-nat") });
    expect(r.findings.map((x) => `${x.check} ${x.resource}`)).toEqual(["host-egress main-nat"]);
  });

  it("decodes base64 and gzip user-data and finds docker pulls, runs and metadata reads", () => {
    const text = "#!/bin/bash\nIMAGE=ccr.ccs.tencentyun.com/kit/vllm:1\ndocker pull \"${IMAGE}\"\nexec docker run --gpus all -p 8000:8000 -e A=b --ipc=host 'ghcr.io/x/y:2' --port 8000\n";
    expect(decodeUserData(b64(text))).toBe(text);
    expect(decodeUserData(gzipSync(Buffer.from(text)).toString("base64"))).toBe(text);
    expect(decodeUserData("[secret]")).toBeUndefined();
    expect(imagePulls(shellTexts(text)).map((p) => p.image)).toEqual(["ccr.ccs.tencentyun.com/kit/vllm:1", "ghcr.io/x/y:2"]);
    const reads = metadataReads(shellTexts("#!/bin/bash\nT=$(curl -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)\ncurl -H \"X-aws-ec2-metadata-token: $T\" http://169.254.169.254/latest/meta-data/\n"), ["169.254.169.254"]);
    expect(reads.map((r) => [r.tokenRequest, r.headers])).toEqual([
      [true, ["x-aws-ec2-metadata-token-ttl-seconds"]],
      [false, ["x-aws-ec2-metadata-token"]],
    ]);
  });
});
