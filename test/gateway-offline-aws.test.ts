/**
 * `gpukit plan` of an internal AWS stack behind the gateway with a model served by another stack, on
 * up to two hosts: consumer keys, the upstream's endpoint (StackReference) and the shared
 * ElastiCache Redis's endpoint become SSM SecureString parameters the hosts' role may read; the
 * Redis admits only the hosts' group; the ALB target group and the hosts' security group use the
 * gateway port, and the gateway-port check fails when the target group points at the engine port.
 */
import { describe, expect, it } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { planStack } from "../cli/offline/run";
import { runDeployability } from "../deployability";
import { runCli } from "./helpers/cli";

const STACK = "test/fixtures/stacks/Pulumi.gateway-aws.yaml";

describe("gpukit plan of an AWS stack with a gateway and an upstream stack", async () => {
  const result = await runCli(["plan", "--stack-file", STACK, "--format", "json"]);
  const report = JSON.parse(result.stdout) as PlanReport;
  const of = (type: string) => report.resources.filter((r) => r.type === type);

  it("plans and passes every deployability check (exit 0)", () => {
    expect(result.code, result.stderr).toBe(0);
  });

  it("reads the upstream's endpoint through a StackReference and stores it with the keys in SSM", () => {
    expect(of("pulumi:pulumi:StackReference").map((r) => [r.name, r.inputs.name])).toEqual([["use1-gatewayUpstream-0", "acme/gpu-inference/prod"]]);
    expect(of("aws:ssm/parameter:Parameter").map((r) => [r.inputs.name, r.inputs.type])).toEqual([
      ["/gpu-inference/gateway-aws/use1/hubToken", "SecureString"],
      ["/gpu-inference/gateway-aws/use1/gatewayKey-analytics", "SecureString"],
      ["/gpu-inference/gateway-aws/use1/gatewayKey-batch-jobs", "SecureString"],
      ["/gpu-inference/gateway-aws/use1/gatewayUpstream-0", "SecureString"],
      ["/gpu-inference/gateway-aws/use1/gatewayRedis", "SecureString"],
    ]);
  });

  it("creates one ElastiCache Redis the gateways share, reachable only from the hosts' group", () => {
    expect(report.targets[0].gateway!.rateLimitStore.kind).toBe("managed-redis");
    const [rg] = of("aws:elasticache/replicationGroup:ReplicationGroup");
    expect([rg!.name, rg!.inputs.engine, rg!.inputs.nodeType, rg!.inputs.numCacheClusters, rg!.inputs.atRestEncryptionEnabled, rg!.inputs.port]).toEqual(["use1-redis", "redis", "cache.t4g.small", 1, true, 6379]);
    const rule = of("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find((r) => r.name === "use1-redis-in-hosts")!;
    expect([rule.inputs.fromPort, rule.inputs.toPort, rule.inputs.referencedSecurityGroupId, rule.inputs.cidrIpv4]).toEqual([6379, 6379, "use1-host-sg-id", undefined]);
    // the rendered config reaches the Redis by a placeholder the host fills from the gatewayRedis secret
    const bridge = report.targets[0].gateway!.rendered!.find((r) => r.kind === "McpBridge")!;
    expect(bridge.spec.registries).toContainEqual({ name: "gpukit-redis", type: "dns", domain: "@@GATEWAYREDIS@@", port: 6379, protocol: "tcp" });
  });

  it("forwards the ALB to the gateway port 8088 and opens only it on the hosts", () => {
    expect(of("aws:lb/targetGroup:TargetGroup").map((r) => r.inputs.port)).toEqual([8088]);
    const hostIn = of("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.includes("host-in"));
    expect(hostIn.map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort])).toEqual([["use1-host-in-engine", 8088, 8088]]);
    expect(of("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name === "use1-lb-out-engine").map((r) => r.inputs.fromPort)).toEqual([8088]);
  });

  it("fails gateway-port and lb-reaches-engine when the target group and rules use the engine port", () => {
    const plan = planStack({ stackFile: STACK }).plan;
    const recorded = report.resources.map((r) => ({ ...r, id: `${r.name}-id` }));
    const broken = recorded.map((r) => (r.type === "aws:lb/targetGroup:TargetGroup" ? { ...r, inputs: { ...r.inputs, port: 8000 } } : r));
    const found = runDeployability({ plan, resources: broken as never }, ["gateway-port"]).findings.map((f) => f.message);
    expect(found).toEqual([expect.stringMatching(/use1-tg sends load-balancer traffic to port 8000 \(port\)/)]);
    expect(runDeployability({ plan, resources: recorded as never }, ["gateway-port", "lb-reaches-engine"]).findings).toEqual([]);
  });
});
