/**
 * Deployability checks: for each check a passing case and crafted failing cases. AWS and Alibaba
 * Cloud cases start from real recordings of the adapters (test/helpers/recording.ts) and mutate them;
 * Tencent Cloud and Volcano Engine cases use hand-built recordings of the layout the adapters must
 * produce (NAT + EIP + route/SNAT, pass-to-target CLB, 100.64.0.0/10). Expected values are written
 * by hand.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkDeployability, DEPLOYABILITY_CHECKS, formatFindings, type RecordedResourceLike } from "../deployability";
import { aliPlan, awsPlan, check, clone, deployment, findings, named, recordTarget, tencentFixedPlan, tencentPlan, tencentRecording, volcengineRecording, volcPlan } from "./helpers/deployability-fixtures";

let aws: RecordedResourceLike[];
let ali: RecordedResourceLike[];
let tencent: RecordedResourceLike[];
let volc: RecordedResourceLike[];
let tencentFixed: RecordedResourceLike[];

beforeAll(async () => {
  aws = await recordTarget(awsPlan);
  ali = await recordTarget(aliPlan);
  tencent = await recordTarget(tencentPlan);
  volc = await recordTarget(volcPlan);
  tencentFixed = await recordTarget(tencentFixedPlan);
});

// ---------------------------------------------------------------------------------------------

describe("checkDeployability on deployable targets", () => {
  it("finds nothing on the AWS and Alibaba Cloud recordings and the Tencent and Volcano Engine layouts", () => {
    expect(checkDeployability({ plan: deployment(awsPlan), resources: aws })).toEqual([]);
    expect(checkDeployability({ plan: deployment(aliPlan), resources: ali })).toEqual([]);
    expect(checkDeployability({ plan: deployment(tencentPlan), resources: tencentRecording() })).toEqual([]);
    expect(checkDeployability({ plan: deployment(volcPlan), resources: volcengineRecording() })).toEqual([]);
  });

  it("finds nothing on real recordings of the Tencent Cloud and Volcano Engine adapters (scaling group and fixed size)", () => {
    expect(formatFindings(checkDeployability({ plan: deployment(tencentPlan), resources: tencent }))).toBe("");
    expect(formatFindings(checkDeployability({ plan: deployment(tencentFixedPlan), resources: tencentFixed }))).toBe("");
    expect(formatFindings(checkDeployability({ plan: deployment(volcPlan), resources: volc }))).toBe("");
  });

  it("catches the real-path defects on real recordings: Tencent without the NAT route, Volcano Engine admitting only the CLB subnet", () => {
    const f = checkDeployability({ plan: deployment(tencentFixedPlan), resources: tencentFixed.filter((r) => r.type !== "tencentcloud:Route/tableEntry:TableEntry") });
    expect(f.map((x) => `${x.check} ${x.resource.split("::").pop()}`)).toEqual(["host-egress main-host-subnet-0", "host-egress main-host-subnet-1"]);
    const rs = clone(volc);
    rs.find((r) => r.type === "volcengine:vpc/securityGroupRule:SecurityGroupRule" && r.inputs.direction === "ingress")!.inputs.cidrIp = "10.42.240.0/24";
    const g = checkDeployability({ plan: deployment(volcPlan), resources: rs });
    expect(g.map((x) => x.check)).toEqual(["lb-reaches-engine", "lb-reaches-engine"]);
    expect(g[0]!.message).toContain("100.64.0.0/10");
  });

  it("runs every check once, each with an id, a description and a remediation", () => {
    expect(DEPLOYABILITY_CHECKS.map((c) => c.id)).toEqual(["provider-region", "host-egress", "lb-reaches-engine", "metadata-mode", "disk-floor", "health-grace", "mainland-registry", "kubernetes-workload", "vector-database", "vector-database-vm", "gateway-port", "secret-access"]);
    for (const c of DEPLOYABILITY_CHECKS) {
      expect(c.description.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
    }
  });

  it("never imports @pulumi in deployability/ (usable from a policy pack and without a Pulumi runtime)", () => {
    const dir = join(__dirname, "..", "deployability");
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(readFileSync(join(dir, f), "utf8")).not.toMatch(/from "@pulumi\//);
  });
});

describe("provider-region", () => {
  it("passes when every resource goes through the target's regional provider", () => {
    expect(findings("provider-region", awsPlan, aws)).toEqual([]);
  });

  it("flags a resource on the default provider, naming it and the fix", () => {
    const rs = clone(aws);
    delete named(rs, "main-vpc").provider;
    const f = findings("provider-region", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ check: "provider-region", target: "main", resource: "urn:pulumi:test::gpu-inference::gpu-inference:aws:VmTarget$aws:ec2/vpc:Vpc::main-vpc" });
    expect(f[0]!.message).toContain("main-vpc uses the default aws provider");
    expect(f[0]!.message).toContain("us-east-1");
    expect(f[0]!.fix).toContain("pass { provider }");
  });

  it("flags a provider in another region and every resource behind it", () => {
    const rs = clone(aws);
    named(rs, "main-provider").inputs.region = "us-west-2";
    const f = findings("provider-region", awsPlan, rs);
    const provider = f.find((x) => x.resource.endsWith("::main-provider"))!;
    expect(provider.message).toBe('provider main-provider has region "us-west-2", the target is planned in us-east-1');
    expect(provider.fix).toBe('create the provider with { region: "us-east-1" } (plan.placement.region)');
    const vpc = f.find((x) => x.resource.endsWith("::main-vpc"))!;
    expect(vpc.message).toContain('provider main-provider in region "us-west-2"');
    expect(f.length).toBe(rs.filter((r) => r.custom).length);
  });

  it("flags a target whose component was not recorded", () => {
    const f = findings("provider-region", awsPlan, []);
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("gpu-inference:aws:VmTarget::main");
  });

  it("flags thin-cloud resources behind a provider of another region (Tencent)", () => {
    const rs = tencentRecording();
    named(rs, "main-provider").inputs.region = "ap-shanghai";
    const f = findings("provider-region", tencentPlan, rs);
    expect(f.map((x) => x.resource.split("::").pop())).toContain("main-nat");
    expect(f.every((x) => x.message.includes("ap-shanghai"))).toBe(true);
  });
});

describe("host-egress", () => {
  it("passes with a NAT, an EIP and default routes / SNAT entries on every host subnet", () => {
    expect(findings("host-egress", awsPlan, aws)).toEqual([]);
    expect(findings("host-egress", aliPlan, ali)).toEqual([]);
    expect(findings("host-egress", tencentPlan, tencentRecording())).toEqual([]);
    expect(findings("host-egress", volcPlan, volcengineRecording())).toEqual([]);
  });

  it("AWS: no NAT gateway", () => {
    const rs = aws.filter((r) => r.name !== "main-nat");
    const f = findings("host-egress", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("main-nat");
    expect(f[0]!.message).toContain("no NAT gateway (aws:ec2/natGateway:NatGateway)");
    expect(f[0]!.fix).toContain("0.0.0.0/0 route");
  });

  it("AWS: host subnets without the default route to the NAT", () => {
    const rs = aws.filter((r) => r.name !== "main-private-default");
    const f = findings("host-egress", awsPlan, rs);
    expect(f.map((x) => x.resource.split("::").pop())).toEqual(["main-host-0", "main-host-1"]);
    expect(f[0]!.message).toBe("host subnet main-host-0 (10.42.0.0/20) uses route table main-private-rt-id, which has no 0.0.0.0/0 route to the NAT gateway");
  });

  it("AWS: a NAT gateway without an EIP, and a NAT in a private subnet", () => {
    const noEip = clone(aws);
    delete named(noEip, "main-nat").inputs.allocationId;
    expect(findings("host-egress", awsPlan, noEip)[0]!.message).toBe("NAT gateway main-nat has no EIP bound, so it has no public address to send host traffic from");
    const inPrivate = clone(aws);
    named(inPrivate, "main-nat").inputs.subnetId = "main-host-0-id";
    expect(findings("host-egress", awsPlan, inPrivate)[0]!.message).toContain("has no 0.0.0.0/0 route to an internet gateway");
  });

  it("Alibaba: a host vSwitch without an SNAT entry, and a NAT without its EIP association", () => {
    const f = findings("host-egress", aliPlan, ali.filter((r) => r.name !== "main-snat-1"));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource).toBe("urn:pulumi:test::gpu-inference::gpu-inference:alicloud:VmTarget$alicloud:vpc/switch:Switch::main-host-1");
    expect(f[0]!.message).toContain("host subnet main-host-1 (10.42.16.0/20) is covered by no SNAT entry");
    const g = findings("host-egress", aliPlan, ali.filter((r) => r.name !== "main-nat-eip-assoc"));
    expect(g[0]!.message).toBe("NAT gateway main-nat has no EIP bound, so it has no public address to send host traffic from");
    expect(g[0]!.fix).toContain('instanceType "Nat"');
  });

  it("Tencent: no route-table entry to the NAT, and a subnet on another route table", () => {
    const f = findings("host-egress", tencentPlan, tencentRecording().filter((r) => r.name !== "main-host-default"));
    expect(f.map((x) => x.resource.split("::").pop())).toEqual(["main-host-0", "main-host-1"]);
    expect(f[0]!.fix).toContain('nextType: "NAT"');
    const rs = tencentRecording();
    named(rs, "main-host-1").inputs.routeTableId = "rtb-other";
    const g = findings("host-egress", tencentPlan, rs);
    expect(g).toHaveLength(1);
    expect(g[0]!.message).toContain("uses route table rtb-other, which has no 0.0.0.0/0 entry with nextType NAT");
  });

  it("Tencent: a NAT gateway without EIPs", () => {
    const rs = tencentRecording().filter((r) => r.name !== "main-nat-eip");
    const f = findings("host-egress", tencentPlan, rs);
    expect(f[0]!.resource.endsWith("::main-nat")).toBe(true);
    expect(f[0]!.fix).toContain("assignedEipSets");
  });

  it("Volcano Engine: no NAT at all, and an SNAT entry on an EIP that is not associated", () => {
    const none = volcengineRecording().filter((r) => !r.type.startsWith("volcengine:nat/") && !r.type.startsWith("volcengine:eip/"));
    expect(findings("host-egress", volcPlan, none).map((x) => x.resource)).toEqual(["main-nat"]);
    const rs = volcengineRecording();
    named(rs, "main-snat-0").inputs.eipId = "eip-other";
    const f = findings("host-egress", volcPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("host subnet main-host-0 (10.42.0.0/20) is covered by no SNAT entry of the NAT gateway with its associated EIP");
  });

  it("AWS and Tencent: the hosts' security group sends nothing out (no default egress on these clouds)", () => {
    const f = findings("host-egress", awsPlan, aws.filter((r) => r.name !== "main-host-out-all"));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.endsWith("::main-host-sg")).toBe(true);
    expect(f[0]!.message).toContain("the GPU hosts' security group main-host-sg accepts no egress to 0.0.0.0/0 on TCP 443");
    expect(f[0]!.fix).toBe("add an egress rule on main-host-sg: TCP 443 (or all traffic) to 0.0.0.0/0");
    const rs = tencentRecording();
    named(rs, "main-host-rules").inputs.egresses = [{ action: "ACCEPT", protocol: "TCP", port: "443", cidrBlock: "10.0.0.0/8" }];
    expect(findings("host-egress", tencentPlan, rs).map((x) => x.resource.split("::").pop())).toEqual(["main-host-sg"]);
  });

  it("existing network: skipped with a note", () => {
    const plan = clone(volcPlan);
    plan.network.egress = { kind: "existing-network" };
    const r = check("host-egress", plan, []);
    expect(r.findings).toEqual([]);
    const withComponent = check("host-egress", plan, volcengineRecording().filter((x) => !x.type.startsWith("volcengine:nat/")));
    expect(withComponent.findings).toEqual([]);
    expect(withComponent.notes).toEqual([{ check: "host-egress", target: "main", message: "existing network: egress is the owner's routing and is not checked" }]);
  });
});

describe("lb-reaches-engine", () => {
  it("passes when only the documented load-balancer source reaches the engine port", () => {
    expect(findings("lb-reaches-engine", awsPlan, aws)).toEqual([]);
    expect(findings("lb-reaches-engine", aliPlan, ali)).toEqual([]);
    expect(findings("lb-reaches-engine", tencentPlan, tencentRecording())).toEqual([]);
    expect(findings("lb-reaches-engine", volcPlan, volcengineRecording())).toEqual([]);
  });

  it("AWS: the engine port opened to 0.0.0.0/0 instead of the ALB's security group", () => {
    const rs = clone(aws);
    const rule = named(rs, "main-host-in-engine");
    delete rule.inputs.referencedSecurityGroupId;
    rule.inputs.cidrIpv4 = "0.0.0.0/0";
    const f = findings("lb-reaches-engine", awsPlan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.resource.endsWith("::main-host-in-engine")).toBe(true);
    expect(f[0]!.message).toBe("main-host-in-engine admits tcp port 8000 from 0.0.0.0/0 on the GPU hosts' security group main-host-sg-id: the hosts are open to the internet");
    expect(f[1]!.resource.endsWith("::main-host-sg")).toBe(true);
    expect(f[1]!.message).toContain("no rule of the GPU hosts' security group main-host-sg admits TCP 8000 from the load balancer's security group main-lb-sg-id");
    expect(f[1]!.fix).toBe("add an ingress rule on main-host-sg: TCP 8000 from security group main-lb-sg-id");
  });

  it("AWS: the ALB's security group without egress to the hosts", () => {
    const f = findings("lb-reaches-engine", awsPlan, aws.filter((r) => r.name !== "main-lb-out-engine"));
    expect(f).toHaveLength(1);
    expect(f[0]!.resource.endsWith("::main-lb-sg")).toBe(true);
    expect(f[0]!.message).toContain("the load balancer's security group main-lb-sg has no egress rule to the hosts on TCP 8000");
  });

  it("AWS: an extra CIDR on the engine port next to the ALB's group", () => {
    const rs = clone(aws);
    const extra = clone(named(rs, "main-host-in-engine"));
    extra.name = "main-host-in-vpc";
    extra.urn = extra.urn.replace("main-host-in-engine", "main-host-in-vpc");
    delete extra.inputs.referencedSecurityGroupId;
    extra.inputs.cidrIpv4 = "10.42.0.0/16";
    rs.push(extra);
    const f = findings("lb-reaches-engine", awsPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("main-host-in-vpc admits tcp port 8000 from 10.42.0.0/16 on the GPU hosts; only the load balancer's security group (main-lb-sg-id) may reach engine port 8000");
  });

  it("Alibaba: a missing ALB vSwitch and a VPC-wide rule", () => {
    const rs = ali.filter((r) => r.name !== "main-host-in-engine-1");
    const f = findings("lb-reaches-engine", aliPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("admits TCP 8000 from the load balancer's source range 10.42.241.0/24");
    const wide = clone(ali);
    named(wide, "main-host-in-engine-0").inputs.cidrIp = "10.42.0.0/16";
    const g = findings("lb-reaches-engine", aliPlan, wide);
    expect(g).toHaveLength(2);
    expect(g[0]!.message).toContain("no rule of the GPU hosts' security group main-host-sg admits TCP 8000 from the load balancer's source range 10.42.240.0/24");
    expect(g[1]!.message).toContain("main-host-in-engine-0 admits tcp port 8000 from 10.42.0.0/16 on the GPU hosts; only the load balancer's source range (10.42.240.0/24, 10.42.241.0/24)");
  });

  it("Alibaba: 0.0.0.0/0 on SSH of a GPU host", () => {
    const rs = clone(ali);
    const ssh = clone(named(rs, "main-host-in-engine-0"));
    ssh.name = "main-host-in-ssh";
    ssh.inputs = { ...ssh.inputs, cidrIp: "0.0.0.0/0", portRange: "22/22" };
    rs.push(ssh);
    const f = findings("lb-reaches-engine", aliPlan, rs);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe("main-host-in-ssh admits tcp port 22 from 0.0.0.0/0 on the GPU hosts' security group main-host-sg-id: the hosts are open to the internet");
  });

  it("Tencent: CLB without pass-to-target, and an engine-port rule from the CLB's group", () => {
    const rs = tencentRecording();
    named(rs, "main-clb").inputs.loadBalancerPassToTarget = false;
    (named(rs, "main-host-rules").inputs.ingresses as unknown[]).unshift({ action: "ACCEPT", protocol: "TCP", port: "8000", sourceSecurityId: "main-clb-sg-id" });
    const f = findings("lb-reaches-engine", tencentPlan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toContain("CLB main-clb does not set loadBalancerPassToTarget: true");
    expect(f[0]!.fix).toBe("set loadBalancerPassToTarget: true on main-clb");
    expect(f[1]!.message).toContain("main-host-rules admits tcp port 8000 from security group main-clb-sg-id on the engine port");
  });

  it("Volcano Engine: the old subnet-only rule misses 100.64.0.0/10", () => {
    const rs = volcengineRecording();
    named(rs, "main-host-in-engine").inputs.cidrIp = "10.42.240.0/24";
    const f = findings("lb-reaches-engine", volcPlan, rs);
    expect(f).toHaveLength(2);
    expect(f[0]!.message).toContain("admits TCP 8000 from the load balancer's source range 100.64.0.0/10");
    expect(f[0]!.message).toContain("https://docs.byteplus.com/en/docs/clb/Configuring-a-server-security-group");
    expect(f[1]!.message).toContain("main-host-in-engine admits tcp port 8000 from 10.42.240.0/24");
  });

  it("Volcano Engine: an all-ports rule from anywhere", () => {
    const rs = volcengineRecording();
    Object.assign(named(rs, "main-host-in-engine").inputs, { protocol: "all", portStart: -1, portEnd: -1, cidrIp: "0.0.0.0/0" });
    const f = findings("lb-reaches-engine", volcPlan, rs);
    expect(f.map((x) => x.message.split(":")[0])).toEqual(["main-host-in-engine admits all all ports from 0.0.0.0/0 on the GPU hosts' security group main-host-sg-id", "no rule of the GPU hosts' security group main-host-sg admits TCP 8000 from the load balancer's source range 100.64.0.0/10"]);
  });
});
