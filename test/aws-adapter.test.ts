
import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { providerUrn } from "../cli/offline/regions";
import type { CloudTarget } from "../components/adapter";
import { AWS_VM_TARGET_TYPE, awsAdapter } from "../components/aws";
import type { TargetPlan } from "../components/plan/types";
import { targetArgs, targetPlan } from "./fixtures/target-plan";
import { ofType, record } from "./helpers/recording";
import { T, OFFERINGS, valueOf, byNameIn, build, recordInvokes, ingressOf, type Any } from "./helpers/aws-adapter";

describe("awsAdapter (vm)", () => {
  it("builds every building block as a child of the target component", async () => {
    const { records, component } = await build();
    for (const type of Object.values(T)) {
      if (type === T.rolePolicy) continue;
      const ofT = ofType(records, type);
      expect(ofT.length, type).toBeGreaterThan(0);
      for (const r of ofT) expect(r.parent, `${type} ${r.name}`).toBe(component.urn);
    }
    expect(component.urn).toContain("gpu-inference:aws:VmTarget");
    expect(AWS_VM_TARGET_TYPE).toBe("gpu-inference:aws:VmTarget");
    for (const r of records.filter((x) => x.custom)) expect(r.name.startsWith("main-"), r.name).toBe(true);
    expect(awsAdapter.cloud).toBe("aws");
  });

  it("builds every resource and invoke of each target through its own regional provider (two regions, one recording)", async () => {
    const plans: TargetPlan[] = [];
    const targets: CloudTarget[] = [];
    const { records, invokes, errors } = await recordInvokes(() => {
      plans.push(targetPlan("aws", { name: "east" }));
      plans.push(targetPlan("aws", { name: "west", region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], instanceType: "g6e.xlarge" }));
      for (const plan of plans) targets.push(awsAdapter.createTarget(plan.names.logical, targetArgs(plan), {}));
    });
    expect(errors).toEqual([]);
    const providers = ofType(records, T.provider);
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([
      ["east-provider", "us-east-1"],
      ["west-provider", "us-west-2"],
    ]);
    for (const [name, region] of [["east", "us-east-1"], ["west", "us-west-2"]]) {
      const provider = records.find((r) => r.name === `${name}-provider`)!;
      expect(provider.type).toBe("pulumi:providers:aws");
      const own = records.filter((r) => r.custom && r.name.startsWith(`${name}-`) && r.type !== T.provider);
      expect(own.length).toBeGreaterThan(25);
      for (const r of own) {
        expect(r.provider, `${r.type} ${r.name}`).toBeDefined();
        expect(providerUrn(r.provider!), `${r.type} ${r.name}`).toBe(provider.urn);
        expect(r.region, `${r.type} ${r.name}`).toBe(region);
      }
      const component = records.find((r) => r.type === AWS_VM_TARGET_TYPE && r.name === name)!;
      expect(provider.parent).toBe(component.urn);
    }
    expect(records.find((r) => r.name === "west-host-0")!.inputs).toMatchObject({ availabilityZone: "us-west-2a", cidrBlock: "10.42.0.0/20" });
    // No invoke goes through the default provider: each has its target's region.
    expect(invokes.length).toBeGreaterThanOrEqual(4);
    for (const i of invokes) expect(["us-east-1", "us-west-2"], i.token).toContain(i.region);
    const offerings = invokes.filter((i) => i.token === OFFERINGS);
    expect(offerings.map((i) => [(i.inputs.filters as Any)[0].values[0], i.region, i.inputs.locationType])).toEqual([
      ["g5.xlarge", "us-east-1", "availability-zone"],
      ["g6e.xlarge", "us-west-2", "availability-zone"],
    ]);
    expect(invokes.filter((i) => i.token === "aws:ssm/getParameter:getParameter").map((i) => i.region).sort()).toEqual(["us-east-1", "us-west-2"]);
    expect(invokes.some((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones" || i.token === "aws:ec2/getVpc:getVpc")).toBe(false);
    // Region-specific values follow the provider: the west target's secrets are decrypted via SSM in us-west-2.
    const westPolicy = JSON.parse(records.find((r) => r.name === "west-host-secrets")!.inputs.policy as string);
    expect(westPolicy.Statement[1].Condition.StringEquals["kms:ViaService"]).toBe("ssm.us-west-2.amazonaws.com");
    expect(westPolicy.Statement[0].Resource[0]).toMatch(/^arn:aws:ssm:us-west-2:/);
    expect(await valueOf(targets[1].endpoint)).toBe("http://west-alb.us-west-2.elb.amazonaws.com");
    expect(targets[0].provider).not.toBe(targets[1].provider);
  });

  it("uses the provider it is given and creates none", async () => {
    let given!: pulumi.ProviderResource;
    const records = await record(() => {
      given = new Provider("shared-aws", { region: "us-east-1" });
      const plan = targetPlan("aws");
      const target = awsAdapter.createTarget("main", { ...targetArgs(plan), provider: given }, {});
      expect(target.provider).toBe(given);
    });
    expect(ofType(records, T.provider).map((p) => p.name)).toEqual(["shared-aws"]);
    const shared = records.find((r) => r.name === "shared-aws")!;
    for (const r of records.filter((x) => x.custom && x.type !== T.provider)) expect(providerUrn(r.provider ?? ""), r.name).toBe(shared.urn);
  });

  it("creates exactly the plan's subnets (CIDR and zone) with the NAT gateway in the first public LB subnet", async () => {
    const { records, byName, plan } = await build();
    expect(plan.names.physical).toBe("test-main");
    expect(byName("main-vpc").inputs).toMatchObject({ cidrBlock: "10.42.0.0/16", enableDnsHostnames: true });
    const subnets = ofType(records, T.subnet).map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]);
    expect(subnets.sort()).toEqual([
      ["main-host-0", "10.42.0.0/20", "us-east-1a", false],
      ["main-host-1", "10.42.16.0/20", "us-east-1b", false],
      ["main-lb-0", "10.42.240.0/24", "us-east-1a", false],
      ["main-lb-1", "10.42.241.0/24", "us-east-1b", false],
    ]);
    expect(ofType(records, T.nat)).toHaveLength(1);
    expect(byName("main-nat").inputs).toMatchObject({ subnetId: "main-lb-0-id", allocationId: "main-nat-eip-id", connectivityType: "public" });
    expect(byName("main-nat-eip").inputs.domain).toBe("vpc");
    expect(byName("main-private-default").inputs).toMatchObject({ routeTableId: "main-private-rt-id", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "main-nat-id" });
    expect(byName("main-public-default").inputs).toMatchObject({ routeTableId: "main-public-rt-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "main-igw-id" });
    expect(byName("main-host-0-rt").inputs).toEqual({ subnetId: "main-host-0-id", routeTableId: "main-private-rt-id" });
    expect(byName("main-host-1-rt").inputs.routeTableId).toBe("main-private-rt-id");
    expect(byName("main-lb-0-rt").inputs.routeTableId).toBe("main-public-rt-id");
    expect(byName("main-lb-1-rt").inputs.routeTableId).toBe("main-public-rt-id");
    expect(ofType(records, T.route)).toHaveLength(2);
    expect(byName("main-alb").inputs.subnets).toEqual(["main-lb-0-id", "main-lb-1-id"]);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["main-host-0-id", "main-host-1-id"]);
    // Cloud-side names use the physical prefix <stack>-<target>.
    expect((byName("main-vpc").inputs.tags as Any).Name).toBe("test-main-vpc");
    expect((byName("main-host-1").inputs.tags as Any).Name).toBe("test-main-host-1");
  });

  it("puts an internal ALB in private subnets and the NAT gateway in the plan's dedicated public NAT subnet", async () => {
    const { records, byName, target } = await build({ plan: { loadBalancer: { public: false } } });
    expect(byName("main-alb").inputs.internal).toBe(true);
    expect(byName("main-nat-subnet").inputs).toMatchObject({ cidrBlock: "10.42.242.0/24", availabilityZone: "us-east-1a", mapPublicIpOnLaunch: false });
    expect(byName("main-nat").inputs.subnetId).toBe("main-nat-subnet-id");
    expect(byName("main-nat-subnet-rt").inputs.routeTableId).toBe("main-public-rt-id");
    for (const rta of ["main-lb-0-rt", "main-lb-1-rt", "main-host-0-rt", "main-host-1-rt"]) expect(byName(rta).inputs.routeTableId, rta).toBe("main-private-rt-id");
    expect(ofType(records, T.subnet).map((s) => s.inputs.cidrBlock).sort()).toEqual(["10.42.0.0/20", "10.42.16.0/20", "10.42.240.0/24", "10.42.241.0/24", "10.42.242.0/24"]);
    expect(ingressOf(records, byName("main-lb-sg").id).map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])).toEqual([[80, "10.42.0.0/16"]]);
    expect(ofType(records, T.nat)).toHaveLength(1);
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.us-east-1.elb.amazonaws.com");
  });

  it("with one zone keeps hosts in it and takes the ALB's second zone from the plan (no zone look-up)", async () => {
    const { records, byName, plan } = await build({ plan: { zones: ["us-east-1a"] } });
    expect(plan.network.lbSubnets.map((s) => s.zone)).toEqual(["us-east-1a", "us-east-1b"]);
    const hosts = ofType(records, T.subnet).filter((s) => s.name.startsWith("main-host-"));
    expect(hosts.map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock])).toEqual([["us-east-1a", "10.42.0.0/20"]]);
    expect(byName("main-lb-0").inputs).toMatchObject({ availabilityZone: "us-east-1a", cidrBlock: "10.42.240.0/24" });
    expect(byName("main-lb-1").inputs).toMatchObject({ availabilityZone: "us-east-1b", cidrBlock: "10.42.241.0/24" });
    expect(byName("main-alb").inputs.subnets).toEqual(["main-lb-0-id", "main-lb-1-id"]);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["main-host-0-id"]);
  });

  it("deploys into an existing network by the plan's subnet ids without creating or looking up one", async () => {
    const network = { vpcCidr: "10.0.0.0/16", existing: { vpcId: "vpc-existing", subnetIds: ["subnet-a", "subnet-b"], lbSubnetIds: ["subnet-lb-a", "subnet-lb-b"] } };
    const { records, invokes, errors } = await recordInvokes(() => {
      const plan = targetPlan("aws", { network, loadBalancer: { public: false } });
      awsAdapter.createTarget("main", targetArgs(plan), {});
    });
    expect(errors).toEqual([]);
    const byName = byNameIn(records);
    for (const t of [T.vpc, T.subnet, T.nat, T.igw, T.eip, T.rt, T.route, T.rta]) expect(ofType(records, t), t).toHaveLength(0);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["subnet-a", "subnet-b"]);
    expect(byName("main-alb").inputs.subnets).toEqual(["subnet-lb-a", "subnet-lb-b"]);
    expect(byName("main-tg").inputs.vpcId).toBe("vpc-existing");
    expect(byName("main-lb-sg").inputs.vpcId).toBe("vpc-existing");
    expect(ingressOf(records, byName("main-lb-sg").id).map((r) => r.inputs.cidrIpv4)).toEqual(["10.0.0.0/16"]);
    expect(invokes.map((i) => i.token)).not.toContain("aws:ec2/getVpc:getVpc");
  });

  it("opens the engine port only to the LB security group and the listener only to the client CIDRs, with no SSH", async () => {
    const { records, byName } = await build({ plan: { loadBalancer: { public: true, allowedCidrs: ["198.51.100.0/24", "203.0.113.0/24"] } } });
    const hostSgId = byName("main-host-sg").id;
    const lbSgId = byName("main-lb-sg").id;
    const hostIngress = ingressOf(records, hostSgId);
    expect(hostIngress).toHaveLength(1);
    expect(hostIngress[0].inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: "main-lb-sg-id" });
    expect(hostIngress[0].inputs.cidrIpv4).toBeUndefined();
    expect(hostIngress[0].inputs.cidrIpv6).toBeUndefined();
    for (const r of ofType(records, T.ingress)) {
      expect(r.inputs.fromPort).not.toBe(22);
      expect(Number(r.inputs.fromPort) <= 22 && Number(r.inputs.toPort) >= 22).toBe(false);
      expect(r.inputs.cidrIpv4, r.name).not.toBe("0.0.0.0/0");
    }
    for (const sg of ofType(records, T.sg)) expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(ingressOf(records, lbSgId).map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])).toEqual([
      [80, 80, "198.51.100.0/24"],
      [80, 80, "203.0.113.0/24"],
    ]);
    const lbEgress = ofType(records, T.egress).filter((r) => r.inputs.securityGroupId === lbSgId);
    expect(lbEgress.map((r) => r.inputs)).toMatchObject([{ ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: "main-host-sg-id" }]);
    expect(lbEgress[0].inputs.cidrIpv4).toBeUndefined();
    expect(byName("main-lb-sg").inputs.namePrefix).toBe("test-main-lb-sg-");
    expect(byName("main-host-sg").inputs.namePrefix).toBe("test-main-host-sg-");
  });

  it("a public ALB without allowedCidrs admits everyone on the listener, and still only the ALB on the engine port", async () => {
    const { records, byName } = await build({ plan: { port: 8080 } });
    expect(ingressOf(records, byName("main-lb-sg").id).map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])).toEqual([[80, "0.0.0.0/0"]]);
    const hostIngress = ingressOf(records, byName("main-host-sg").id);
    expect(hostIngress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId])).toEqual([[8080, 8080, "main-lb-sg-id"]]);
    expect(byName("main-tg").inputs.port).toBe(8080);
  });

  it("serves HTTPS with the plan's certificate and a TLS 1.3 policy, redirects HTTP, and opens 443 and 80 to the client CIDRs only", async () => {
    const cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    const { records, byName, target } = await build({ plan: { loadBalancer: { public: true, tls: { certificateId: cert }, allowedCidrs: ["198.51.100.0/24"] } } });
    expect(byName("main-https").inputs).toMatchObject({ port: 443, protocol: "HTTPS", certificateArn: cert, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect((byName("main-http-redirect").inputs as Any).defaultActions[0]).toMatchObject({ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } });
    expect(byName("main-http-redirect").inputs.port).toBe(80);
    expect(records.find((r) => r.name === "main-http")).toBeUndefined();
    const lbIngress = ingressOf(records, byName("main-lb-sg").id);
    expect(lbIngress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]).sort()).toEqual([[443, "198.51.100.0/24"], [80, "198.51.100.0/24"]]);
    expect(ingressOf(records, byName("main-host-sg").id).map((r) => r.inputs.fromPort)).toEqual([8000]);
    expect(await valueOf(target.endpoint)).toBe("https://main-alb.us-east-1.elb.amazonaws.com");
  });

});
