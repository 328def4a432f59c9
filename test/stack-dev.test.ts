/** The dev stack end to end: `gpukit plan --stack dev --format json` in-process under mocks. */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { OFFLINE_SECRET_PLACEHOLDER } from "../cli/offline/stack-file";
import { runCli } from "./helpers/cli";
import { assertSecureDefaults, userDataOf } from "./security-defaults";

let report: PlanReport;
beforeAll(async () => {
  const result = await runCli(["plan", "--stack", "dev", "--format", "json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  report = JSON.parse(result.stdout);
});

describe("gpukit plan --stack dev", () => {
  it("prints the target with offering, GPUs, TP, memory budget and engine", () => {
    const t = report.targets[0];
    expect(t).toMatchObject({ name: "hangzhou", cloud: "alicloud", region: "cn-hangzhou", instanceType: "ecs.gn7i-c8g1.2xlarge", gpu: { model: "A10", count: 1, memoryGb: 24 }, tensorParallel: 1, replicas: { min: 1, max: 1 } });
    expect(t.memory.requiredGb).toBeCloseTo(t.memory.weightsGb + t.memory.kvCacheGb + t.memory.overheadGb, 1);
    expect(t.memory.requiredGb).toBeLessThanOrEqual(t.memory.availableGb);
    expect(t.engine).toMatchObject({ name: "vllm", port: 8000, healthPath: "/health" });
    expect(t.engine.command[0]).toBe("Qwen/Qwen2.5-7B-Instruct-AWQ");
  });

  it("records only alicloud resources, all under the deployment component", () => {
    const custom = report.resources.filter((r) => !r.type.startsWith("gpu-inference:"));
    expect(custom.length).toBeGreaterThan(10);
    // Every cloud resource is an Alibaba Cloud resource created through the target's cn-hangzhou provider.
    const providers = custom.filter((r) => r.type === "pulumi:providers:alicloud");
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([["hangzhou-provider", "cn-hangzhou"]]);
    for (const r of custom.filter((x) => x !== providers[0])) {
      expect(r.type.startsWith("alicloud:"), r.type).toBe(true);
      expect(r.provider?.startsWith(`${providers[0].urn}::`), `${r.name} provider`).toBe(true);
      expect(r.region, `${r.name} region`).toBe("cn-hangzhou");
    }
    const root = report.resources.find((r) => r.type === "gpu-inference:index:InferenceDeployment")!;
    const target = report.resources.find((r) => r.type === "gpu-inference:alicloud:VmTarget")!;
    expect(target.parent).toBe(root.urn);
    for (const r of custom) expect(r.parent).toBe(target.urn);
    for (const type of ["alicloud:ess/scalingGroup:ScalingGroup", "alicloud:alb/loadBalancer:LoadBalancer", "alicloud:alb/serverGroup:ServerGroup", "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate"]) {
      expect(report.resources.map((r) => r.type)).toContain(type);
    }
  });

  it("spot, replicas and the readiness health check reach the resources", () => {
    const lt = report.resources.find((r) => r.type === "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate")!;
    expect(lt.inputs.spotStrategy).toBe("SpotAsPriceGo");
    expect(lt.inputs.instanceType).toBe("ecs.gn7i-c8g1.2xlarge");
    const asg = report.resources.find((r) => r.type === "alicloud:ess/scalingGroup:ScalingGroup")!;
    expect(asg.inputs).toMatchObject({ minSize: 1, maxSize: 1 });
    const sg = report.resources.find((r) => r.type === "alicloud:alb/serverGroup:ServerGroup")!;
    expect((sg.inputs.healthCheckConfig as Record<string, unknown>).healthCheckPath).toBe("/health");
  });

  it("tags every taggable resource with environment, owner, cost-center, stack and managed-by", () => {
    const tagged = report.resources.filter((r) => r.inputs.tags && typeof r.inputs.tags === "object");
    expect(tagged.length).toBeGreaterThan(5);
    for (const r of tagged) expect(r.inputs.tags).toMatchObject({ environment: "dev", owner: "platform-team", "cost-center": "ml-platform", stack: "dev", "managed-by": "gpu-inference-kit" });
  });

  it("keeps the secure defaults, and user-data is valid cloud-config under 16 KB", () => {
    assertSecureDefaults(report, [OFFLINE_SECRET_PLACEHOLDER]);
    expect(userDataOf(report.resources).length).toBe(1);
  });

  it("prices the stack with status and currency", () => {
    expect(report.cost.currency).toBe("CNY");
    expect(report.cost.status).toBe("estimate");
    expect(report.cost.totalMonthlyCost).toBeCloseTo(report.cost.totalHourlyCost! * 730, 1);
  });
});
