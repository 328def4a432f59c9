/**
 * Every VM adapter forwards the load balancer to `plan.loadBalancer.targetPort` (the gateway's port
 * when the target has a gateway) and opens that port, not the engine port: checked on Tencent Cloud
 * and Volcano Engine with a plan whose targetPort differs from the engine port (the planner itself
 * refuses gateways there until the kit has their secret stores; AWS and Alibaba Cloud are covered by
 * the gateway-offline tests).
 */
import { describe, expect, it } from "vitest";
import { tencentcloudAdapter } from "../components/tencentcloud";
import { volcengineAdapter } from "../components/volcengine";
import type { TargetPlan } from "../components/plan/types";
import { targetArgs, targetPlan } from "./fixtures/target-plan";
import { ofType, record } from "./helpers/recording";

function behindGateway(cloud: "tencentcloud" | "volcengine"): TargetPlan {
  const plan = targetPlan(cloud, { secrets: [], replicas: { min: 1, max: 1 } });
  return { ...plan, loadBalancer: { ...plan.loadBalancer, targetPort: 8088, gatewayPort: 8088 } };
}

describe("VM adapters use the load balancer's target port", () => {
  it("Tencent Cloud: CLB health check and backend attachment on 8088", async () => {
    const plan = behindGateway("tencentcloud");
    const records = await record(() => {
      tencentcloudAdapter.createTarget(plan.names.logical, targetArgs(plan), {});
    });
    const listener = ofType(records, "tencentcloud:Clb/listener:Listener")[0]!;
    expect(listener.inputs.healthCheckPort).toBe(8088);
    const attachments = ofType(records, "tencentcloud:Clb/attachment:Attachment");
    expect(attachments.flatMap((a) => (a.inputs.targets as { port: number }[]).map((t) => t.port))).toEqual([8088]);
    expect(plan.engine.port).toBe(8000);
  });

  it("Volcano Engine: server group members and the hosts' rule on 8088, nothing on 8000", async () => {
    const plan = behindGateway("volcengine");
    const records = await record(() => {
      volcengineAdapter.createTarget(plan.names.logical, targetArgs(plan), {});
    });
    expect(ofType(records, "volcengine:clb/serverGroupServer:ServerGroupServer").map((s) => s.inputs.port)).toEqual([8088]);
    const rules = ofType(records, "volcengine:vpc/securityGroupRule:SecurityGroupRule").filter((r) => r.inputs.direction === "ingress");
    expect(rules.map((r) => [r.inputs.portStart, r.inputs.portEnd])).toEqual([[8088, 8088]]);
  });
});
