/**
 * The four clouds' security rules (components/<cloud>/security.ts) called directly, each rule's
 * inputs compared whole against values written out by hand — written against the mutants that
 * survived `npm run mutation:adapters` (listener ports, IPv6 clients, refused plans, the groups'
 * names, descriptions and egress rules), which the adapter tests only looked at in part.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../cli/offline/recorder";
import { awsListenerPorts, createAwsSecurityGroups } from "../components/aws/security";
import { createAlicloudSecurityGroup } from "../components/alicloud/security";
import { createTencentcloudSecurity } from "../components/tencentcloud/security";
import { createVolcengineSecurity } from "../components/volcengine/security";
import type { TargetPlan } from "../components/plan/types";
import type { LoadBalancerPlan } from "../components/plan/network";
import { chinaTargetPlan } from "./fixtures/china-target-plan";
import { targetPlan } from "./fixtures/target-plan";
import { record } from "./helpers/recording";

const TAGS = { environment: "dev", owner: "ml" };
const CERT = { certificateId: "arn:aws:acm:us-east-1:123456789012:certificate/abc" };

/** A provider of any package (the SDK's `ProviderResource` is abstract). */
class TestProvider extends pulumi.ProviderResource {
  constructor(pkg: string, name: string, opts: pulumi.ResourceOptions) {
    super(pkg, name, {}, opts);
  }
}

/** Records `create(parent, provider)` under a test component and a provider of `pkg`. */
async function recordSecurity(pkg: string, create: (parent: pulumi.Resource, provider: pulumi.ProviderResource) => void): Promise<RecordedResource[]> {
  return record(() => {
    const parent = new pulumi.ComponentResource("test:index:Target", "t", {});
    create(parent, new TestProvider(pkg, "p", { parent }));
  });
}

/**
 * The error `create` throws, after the run settled (its component's registration finished under
 * these mocks, so nothing of it reaches the next test's mocks); "" when it throws nothing.
 */
async function refusal(pkg: string, create: (parent: pulumi.Resource, provider: pulumi.ProviderResource) => void): Promise<string> {
  let message = "";
  await recordSecurity(pkg, (parent, provider) => {
    try {
      create(parent, provider);
    } catch (error) {
      message = (error as Error).message;
    }
  });
  return message;
}

/** Inputs of the record named `name`. */
function inputsOf(records: RecordedResource[], name: string): Record<string, unknown> {
  const r = records.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name}: ${records.map((x) => x.name).join(", ")}`);
  return r.inputs;
}

/** `plan` with load-balancer fields replaced. */
function withLb(plan: TargetPlan, lb: Partial<LoadBalancerPlan>): TargetPlan {
  return { ...plan, loadBalancer: { ...plan.loadBalancer, ...lb } };
}

describe("AWS security groups", () => {
  const lb = targetPlan("aws").loadBalancer;

  it("listener ports: 80 is added only for the HTTPS redirect of a TLS listener on 443", () => {
    expect(awsListenerPorts({ ...lb, tls: CERT, listenerPort: 443 })).toEqual([443, 80]);
    expect(awsListenerPorts({ ...lb, tls: null, listenerPort: 443 })).toEqual([443]);
    expect(awsListenerPorts({ ...lb, tls: null, listenerPort: 80 })).toEqual([80]);
    expect(awsListenerPorts({ ...lb, tls: CERT, listenerPort: 80 })).toEqual([80]);
  });

  it("every group and rule, whole: IPv4 and IPv6 clients on 443 and 80, the engine port only from the LB group", async () => {
    const plan = withLb(targetPlan("aws"), { tls: CERT, listenerPort: 443, clientCidrs: ["203.0.113.0/24", "2001:db8::/32"] });
    const records = await recordSecurity("aws", (parent, provider) => void createAwsSecurityGroups("t", { plan, vpcId: "vpc-1", tags: TAGS }, parent, provider));
    const tags = (role: string) => ({ environment: "dev", owner: "ml", Name: `test-main-${role}` });
    expect(inputsOf(records, "t-lb-sg")).toEqual({ vpcId: "vpc-1", namePrefix: "test-main-lb-sg-", description: "Load balancer of test-main: listener ports from the client CIDRs", tags: tags("lb-sg") });
    expect(inputsOf(records, "t-host-sg")).toEqual({ vpcId: "vpc-1", namePrefix: "test-main-host-sg-", description: "GPU hosts of test-main: engine port from the load balancer only", tags: tags("host-sg") });
    const lbSg = "t-lb-sg-id";
    const hostSg = "t-host-sg-id";
    const client = (port: number, i: number, cidr: Record<string, string>) => ({ securityGroupId: lbSg, ipProtocol: "tcp", fromPort: port, toPort: port, ...cidr, description: `Clients to listener ${port}`, tags: tags(`lb-in-${port}-${i}`) });
    expect(inputsOf(records, "t-lb-in-443-0")).toEqual(client(443, 0, { cidrIpv4: "203.0.113.0/24" }));
    expect(inputsOf(records, "t-lb-in-443-1")).toEqual(client(443, 1, { cidrIpv6: "2001:db8::/32" }));
    expect(inputsOf(records, "t-lb-in-80-0")).toEqual(client(80, 0, { cidrIpv4: "203.0.113.0/24" }));
    expect(inputsOf(records, "t-lb-in-80-1")).toEqual(client(80, 1, { cidrIpv6: "2001:db8::/32" }));
    expect(inputsOf(records, "t-lb-out-engine")).toEqual({ securityGroupId: lbSg, ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: hostSg, description: "Load balancer to the engine port of the GPU hosts", tags: tags("lb-out-engine") });
    expect(inputsOf(records, "t-host-in-engine")).toEqual({ securityGroupId: hostSg, ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: lbSg, description: "Engine port from the load balancer only", tags: tags("host-in-engine") });
    expect(inputsOf(records, "t-host-out-all")).toEqual({ securityGroupId: hostSg, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "Egress for image, weight and secret pulls", tags: tags("host-out-all") });
    expect(records.filter((r) => r.type.startsWith("aws:")).map((r) => r.name).sort()).toEqual(
      ["t-host-in-engine", "t-host-out-all", "t-host-sg", "t-lb-in-443-0", "t-lb-in-443-1", "t-lb-in-80-0", "t-lb-in-80-1", "t-lb-out-engine", "t-lb-sg"],
    );
  });

  it("refuses a plan that admits no client, naming the setting", async () => {
    const plan = withLb(targetPlan("aws"), { clientCidrs: [] });
    expect(await refusal("aws", (parent, provider) => void createAwsSecurityGroups("t", { plan, vpcId: "vpc-1", tags: TAGS }, parent, provider))).toBe(
      "target main (aws us-east-1): the plan admits no client CIDRs on the listener: set loadBalancer.allowedCidrs",
    );
  });
});

describe("Alibaba Cloud security group", () => {
  it("the group and its rules, whole: engine port from each ALB vSwitch CIDR, all egress", async () => {
    const plan = targetPlan("alicloud");
    const backendCidrs = ["10.42.240.0/24", "10.42.241.0/24"];
    const records = await recordSecurity("alicloud", (parent, provider) => void createAlicloudSecurityGroup("t", { plan, vpcId: "vpc-1", backendCidrs, tags: TAGS }, parent, provider));
    expect(inputsOf(records, "t-host-sg")).toMatchObject({
      vpcId: "vpc-1",
      securityGroupName: "test-main-host-sg",
      securityGroupType: "normal",
      innerAccessPolicy: "Drop",
      description: "GPU hosts of main: engine port from the load balancer only",
    });
    const ingress = (cidr: string) => ({ securityGroupId: "t-host-sg-id", type: "ingress", ipProtocol: "tcp", portRange: "8000/8000", cidrIp: cidr, nicType: "intranet", policy: "accept", priority: 1, description: "Engine port from the ALB vSwitch" });
    expect(inputsOf(records, "t-host-in-engine-0")).toEqual(ingress("10.42.240.0/24"));
    expect(inputsOf(records, "t-host-in-engine-1")).toEqual(ingress("10.42.241.0/24"));
    expect(inputsOf(records, "t-host-out-all")).toEqual({ securityGroupId: "t-host-sg-id", type: "egress", ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", nicType: "intranet", policy: "accept", priority: 1, description: "Egress for image, weight and secret pulls" });
  });
});

describe("Tencent Cloud security groups", () => {
  const base = chinaTargetPlan({ cloud: "tencentcloud" } as Parameters<typeof chinaTargetPlan>[0]);
  const build = (plan: TargetPlan) => recordSecurity("tencentcloud", (parent, provider) => void createTencentcloudSecurity("t", { plan, tags: TAGS }, parent, provider));
  const refused = (plan: TargetPlan) => refusal("tencentcloud", (parent, provider) => void createTencentcloudSecurity("t", { plan, tags: TAGS }, parent, provider));

  it("both groups and rule sets, whole: listener port from each client CIDR then drop; hosts drop all; both allow all egress", async () => {
    const records = await build(withLb(base, { clientCidrs: ["203.0.113.0/24", "198.51.100.0/24"] }));
    const dropAll = { action: "DROP", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "deny all other ingress" };
    const allEgress = { action: "ACCEPT", protocol: "ALL", port: "ALL", cidrBlock: "0.0.0.0/0", description: "all egress" };
    expect(inputsOf(records, "t-lb-sg")).toEqual({ name: "test-tencentcloud-main-lb", description: "clients to the test-tencentcloud-main load balancer", tags: TAGS });
    expect(inputsOf(records, "t-lb-rules")).toEqual({
      securityGroupId: "t-lb-sg-id",
      ingresses: [
        { action: "ACCEPT", protocol: "TCP", port: "80", cidrBlock: "203.0.113.0/24", description: "clients to listener" },
        { action: "ACCEPT", protocol: "TCP", port: "80", cidrBlock: "198.51.100.0/24", description: "clients to listener" },
        dropAll,
      ],
      egresses: [allEgress],
    });
    expect(inputsOf(records, "t-host-sg")).toEqual({ name: "test-tencentcloud-main-hosts", description: "GPU hosts of test-tencentcloud-main, reached only through the load balancer (pass-to-target)", tags: TAGS });
    expect(inputsOf(records, "t-host-rules")).toEqual({ securityGroupId: "t-host-sg-id", ingresses: [dropAll], egresses: [allEgress] });
  });

  it("refuses a plan whose backend access is not pass-to-target, and one that admits no client", async () => {
    const source = "https://example.com";
    expect(await refused(withLb(base, { backendAccess: { kind: "lb-security-group", cidrs: [], source } }))).toBe(
      "target tencentcloud-main (tencentcloud ap-guangzhou): the Tencent CLB passes traffic to targets without the hosts' security group (backend access bypasses-host-security-group), the plan says lb-security-group",
    );
    expect(await refused(withLb(base, { clientCidrs: [] }))).toBe(
      "target tencentcloud-main (tencentcloud ap-guangzhou): the plan admits no client CIDR on the listener (plan.loadBalancer.clientCidrs is empty)",
    );
  });
});

describe("Volcano Engine security group", () => {
  const base = chinaTargetPlan({ cloud: "volcengine" } as Parameters<typeof chinaTargetPlan>[0]);
  const build = (plan: TargetPlan) => recordSecurity("volcengine", (parent, provider) => void createVolcengineSecurity("t", { plan, vpcId: "vpc-1", tags: TAGS }, parent, provider));
  const refused = (plan: TargetPlan) => refusal("volcengine", (parent, provider) => void createVolcengineSecurity("t", { plan, vpcId: "vpc-1", tags: TAGS }, parent, provider));
  const source = "https://docs.byteplus.com/en/docs/clb/Configuring-a-server-security-group";

  it("the group and one rule per fixed CIDR, whole", async () => {
    const records = await build(withLb(base, { backendAccess: { kind: "fixed-cidrs", cidrs: ["100.64.0.0/10", "10.0.0.0/8"], source } }));
    expect(inputsOf(records, "t-host-sg")).toMatchObject({ vpcId: "vpc-1", securityGroupName: "test-volcengine-main-hosts", description: "GPU hosts of test-volcengine-main, engine port from the load balancer only" });
    const rule = (cidr: string) => ({ securityGroupId: "t-host-sg-id", direction: "ingress", protocol: "tcp", portStart: 8000, portEnd: 8000, cidrIp: cidr, policy: "accept", priority: 1, description: "load balancer to engine port 8000" });
    expect(inputsOf(records, "t-engine-from-lb-0")).toEqual(rule("100.64.0.0/10"));
    expect(inputsOf(records, "t-engine-from-lb-1")).toEqual(rule("10.0.0.0/8"));
  });

  it("refuses another backend access kind, fixed CIDRs without a list and an empty list", async () => {
    const message = (kind: string, cidrs: string) => `target volcengine-main (volcengine cn-beijing): the Volcano Engine CLB reaches hosts from fixed CIDRs; the plan's backend access is ${kind} with ${cidrs}`;
    expect(await refused(withLb(base, { backendAccess: { kind: "lb-security-group", cidrs: ["100.64.0.0/10"], source } }))).toBe(message("lb-security-group", '["100.64.0.0/10"]'));
    expect(await refused(withLb(base, { backendAccess: { kind: "fixed-cidrs", source } as LoadBalancerPlan["backendAccess"] }))).toBe(message("fixed-cidrs", "undefined"));
    expect(await refused(withLb(base, { backendAccess: { kind: "fixed-cidrs", cidrs: [], source } }))).toBe(message("fixed-cidrs", "[]"));
  });
});
