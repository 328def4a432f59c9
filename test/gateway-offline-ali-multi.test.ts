/**
 * `gpukit plan` of a public cn service behind the gateway on Alibaba Cloud with up to two hosts:
 * the gateways share one Tair (Redis OSS-compatible) instance whitelisted to the host vSwitches'
 * CIDRs, its connection domain is stored as an OOS secret parameter the hosts read at boot, and no
 * Redis container runs on the hosts. Deployability passes (exit 0).
 */
import { describe, expect, it } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { shellTexts } from "../deployability/userdata";
import { runCli } from "./helpers/cli";

describe("gpukit plan of a multi-host Alibaba Cloud gateway", async () => {
  const result = await runCli(["plan", "--stack-file", "test/fixtures/stacks/Pulumi.gateway-ali-multi.yaml", "--format", "json"]);
  const report = JSON.parse(result.stdout) as PlanReport;
  const of = (type: string) => report.resources.filter((r) => r.type === type);

  it("plans and passes every deployability check (exit 0)", () => {
    expect(result.code, result.stderr).toBe(0);
  });

  it("creates one Tair instance whitelisted to the host vSwitches and stores its endpoint for the hosts", () => {
    expect(report.targets[0].gateway!.rateLimitStore).toMatchObject({ kind: "managed-redis", serviceName: "gpukit-redis.dns", port: 6379, image: null });
    expect(of("alicloud:kvstore/instance:Instance").map((r) => [r.name, r.inputs.instanceClass, r.inputs.engineVersion, r.inputs.securityIps, r.inputs.vpcAuthMode, r.inputs.paymentType])).toEqual([
      ["hangzhou-redis", "redis.master.small.default", "7.0", ["10.42.0.0/20", "10.42.16.0/20"], "Close", "PostPaid"],
    ]);
    expect(of("alicloud:oos/secretParameter:SecretParameter").map((r) => r.inputs.secretParameterName)).toContain("gpu-inference/gateway-ali-multi/hangzhou/gatewayRedis");
  });

  it("runs no Redis container on the hosts and fetches the Redis endpoint at boot", () => {
    const [config] = of("alicloud:ess/scalingConfiguration:ScalingConfiguration").concat(of("alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate"));
    const userData = Buffer.from(String(config!.inputs.userData), "base64").toString("utf8");
    const raw = userData.startsWith("#cloud-config") ? userData : String(config!.inputs.userData);
    // the files as the host gets them (gzip+base64 ones decoded), as the deployability checks read them
    const text = shellTexts(raw).map((t) => t.text).join("\n");
    expect(text).toContain("gpukit-gateway.service");
    expect(text).not.toContain("gpukit-redis.service");
    expect(text).toContain("gpu-inference/gateway-ali-multi/hangzhou/gatewayRedis");
  });
});
