/**
 * `gpukit plan` of a public mainland-China stack behind the gateway (Alibaba Cloud): the plan JSON
 * shows the gateway and its rendered Higress config, the consumer keys are generated
 * (`@pulumi/random`, rotated by keyVersion) and stored as OOS secret parameters the hosts' role may
 * read, the ALB and the hosts' security group use the gateway port only, and the deployability
 * check `gateway-port` passes, then fails on resources broken on purpose.
 */
import { describe, expect, it } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { runDeployability } from "../deployability";
import { planStack } from "../cli/offline/run";
import { runCli } from "./helpers/cli";

const STACK = "test/fixtures/stacks/Pulumi.gateway-cn.yaml";

describe("gpukit plan of a cn public stack with a gateway", async () => {
  const result = await runCli(["plan", "--stack-file", STACK, "--format", "json"]);
  const report = JSON.parse(result.stdout) as PlanReport;
  const of = (type: string) => report.resources.filter((r) => r.type === type);

  it("plans and passes every deployability check (exit 0)", () => {
    expect(result.code, result.stderr).toBe(0);
  });

  it("shows the gateway with its rendered config in the plan JSON", () => {
    const gw = report.targets[0].gateway!;
    expect(gw.product).toBe("higress");
    expect(gw.port).toBe(8088);
    expect(gw.consumers.map((c) => c.name)).toEqual(["search-team", "support-bot"]);
    expect(gw.rendered!.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual([
      "McpBridge/default",
      "Ingress/gpukit-model-0",
      "Ingress/gpukit-models",
      "Ingress/gpukit-health",
      "WasmPlugin/gpukit-key-auth",
      "WasmPlugin/gpukit-model-router",
      "WasmPlugin/gpukit-transformer",
      "WasmPlugin/gpukit-request-limit",
      "WasmPlugin/gpukit-token-limit-minute",
      "WasmPlugin/gpukit-token-limit-day",
      "WasmPlugin/gpukit-ai-statistics",
      "WasmPlugin/gpukit-moderation",
      "WasmPlugin/gpukit-models",
    ]);
  });

  it("generates one random key per consumer, rotated by keyVersion, and stores it in OOS", () => {
    expect(of("random:index/randomPassword:RandomPassword").map((r) => [r.name, r.inputs.length, r.inputs.special, r.inputs.keepers])).toEqual([
      ["hangzhou-gatewayKey-search-team", 48, false, { keyVersion: "1", consumer: "search-team" }],
      ["hangzhou-gatewayKey-support-bot", 48, false, { keyVersion: "2", consumer: "support-bot" }],
    ]);
    const params = of("alicloud:oos/secretParameter:SecretParameter").map((r) => r.inputs.secretParameterName);
    expect(params).toEqual(expect.arrayContaining(["gpu-inference/gateway-cn/hangzhou/gatewayKey-search-team", "gpu-inference/gateway-cn/hangzhou/gatewayKey-support-bot", "gpu-inference/gateway-cn/hangzhou/moderationAccessKeyId"]));
    const policy = JSON.stringify(of("alicloud:ram/policy:Policy")[0]?.inputs.policyDocument);
    expect(policy).toContain("secretparameter/gpu-inference/gateway-cn/hangzhou/gatewayKey-search-team");
  });

  it("sends the ALB to the gateway port and opens only that port on the hosts", () => {
    const sg = of("alicloud:ecs/securityGroupRule:SecurityGroupRule").filter((r) => r.inputs.type === "ingress");
    expect([...new Set(sg.map((r) => r.inputs.portRange))]).toEqual(["8088/8088"]);
    const group = of("alicloud:alb/serverGroup:ServerGroup")[0]!;
    expect((group.inputs.healthCheckConfig as { healthCheckConnectPort: number }).healthCheckConnectPort).toBe(8088);
    const scaling = of("alicloud:ess/scalingGroup:ScalingGroup")[0]!;
    expect((scaling.inputs.albServerGroups as { port: number }[])[0].port).toBe(8088);
  });

  it("fails gateway-port when the load balancer or a rule reaches the engine port", () => {
    const plan = planStack({ stackFile: STACK }).plan;
    // the report leaves out ids; the offline mocks give every resource the id `<name>-id`
    const recorded = report.resources.map((r) => ({ ...r, id: `${r.name}-id` }));
    const broken = recorded.map((r) => {
      if (r.type === "alicloud:ess/scalingGroup:ScalingGroup") return { ...r, inputs: { ...r.inputs, albServerGroups: [{ ...(r.inputs.albServerGroups as object[])[0], port: 8000 }] } };
      if (r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule" && r.inputs.type === "ingress") return { ...r, inputs: { ...r.inputs, portRange: "8000/8088" } };
      return r;
    });
    const found = runDeployability({ plan, resources: broken as never }, ["gateway-port"]).findings.map((f) => f.message);
    expect(found.some((m) => /sends load-balancer traffic to port 8000 \(albServerGroups\[0\]\.port\)/.test(m))).toBe(true);
    expect(found.some((m) => /admits the engine port 8000 on the GPU hosts/.test(m))).toBe(true);
    expect(runDeployability({ plan, resources: recorded as never }, ["gateway-port"]).findings).toEqual([]);
  });
});

