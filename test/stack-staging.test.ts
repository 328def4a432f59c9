/** The staging stack end to end through the real `gpukit` binary (tsx loader, process exit code). */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanReport } from "../cli/format/plan-report";
import { OFFLINE_SECRET_PLACEHOLDER } from "../cli/offline/stack-file";
import { runBin } from "./helpers/cli";
import { assertSecureDefaults, userDataOf } from "./security-defaults";

let report: PlanReport;
let stderr: string;
beforeAll(() => {
  const result = runBin(["plan", "--stack", "staging", "--format", "json"]);
  stderr = result.stderr;
  expect(result.code, result.stderr).toBe(0);
  report = JSON.parse(result.stdout);
});

describe("gpukit plan --stack staging (real binary)", () => {
  it("prints exactly one JSON object with the contract's fields", () => {
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["stack", "targets", "resources", "cost"]));
    expect(report.stack).toBe("staging");
    expect(report.cost).toMatchObject({ currency: "USD", totalHourlyCost: 3.722, status: "verified" });
    expect(report.cost.totalMonthlyCost).toBeCloseTo(3.722 * 730, 2);
    for (const r of report.resources) expect(Object.keys(r).sort()).toEqual(["inputs", "name", "parent", "protect", "provider", "region", "type", "urn"]);
    // what the totals leave out is listed, not counted as zero
    expect(report.cost.unpricedResources).toEqual(
      expect.arrayContaining([
        { type: "aws:lb/loadBalancer:LoadBalancer", count: 1 },
        { type: "aws:ec2/natGateway:NatGateway", count: 1 },
      ]),
    );
  });

  it("plans two g6e.xlarge (L40S) behind an ALB health-checked on /health", () => {
    const t = report.targets[0];
    expect(t).toMatchObject({ cloud: "aws", region: "us-east-1", instanceType: "g6e.xlarge", gpu: { model: "L40S", count: 1 }, replicas: { min: 2, max: 2 } });
    expect(t.engine.command).toEqual(expect.arrayContaining(["--dtype", "bfloat16", "--tensor-parallel-size", "1"]));
    const types = report.resources.map((r) => r.type);
    for (const type of ["aws:ec2/vpc:Vpc", "aws:autoscaling/group:Group", "aws:ec2/launchTemplate:LaunchTemplate", "aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup", "aws:lb/listener:Listener"]) {
      expect(types).toContain(type);
    }
    // Every cloud resource is an AWS resource, created through the target's explicit us-east-1 provider.
    const providers = report.resources.filter((r) => r.type === "pulumi:providers:aws");
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([["use1-provider", "us-east-1"]]);
    for (const r of report.resources.filter((x) => !x.type.startsWith("gpu-inference:") && !x.type.startsWith("pulumi:providers:"))) {
      expect(r.type.startsWith("aws:"), r.type).toBe(true);
      expect(r.provider?.startsWith(`${providers[0].urn}::`), `${r.name} provider`).toBe(true);
    }
    const tg = report.resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup")!;
    expect((tg.inputs.healthCheck as Record<string, unknown>).path).toBe("/health");
    const asg = report.resources.find((r) => r.type === "aws:autoscaling/group:Group")!;
    expect(asg.inputs).toMatchObject({ minSize: 2, maxSize: 2 });
  });

  it("stores the hub token as a SecureString parameter and never in user-data", () => {
    const param = report.resources.find((r) => r.type === "aws:ssm/parameter:Parameter")!;
    expect(param.inputs).toMatchObject({ type: "SecureString", value: "[secret]", name: "/gpu-inference/staging/use1/hubToken" });
    const [userData] = userDataOf(report.resources);
    expect(userData).toContain("gpu-inference/staging/use1/hubToken");
    expect(userData).toContain("aws ssm get-parameter");
    assertSecureDefaults(report, [OFFLINE_SECRET_PLACEHOLDER]);
  });

  it("says that the placeholder secret must be set before pulumi up", () => {
    expect(report.warnings.join("\n")).toContain("pulumi config set --secret hfToken");
    expect(stderr).toBe("");
  });
});
