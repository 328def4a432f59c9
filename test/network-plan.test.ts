import { describe, expect, it } from "vitest";
import { cidrContains, cidrsOverlap, subnetCidr } from "../components/plan/cidr";
import { networkWarnings, planNetwork, type NetworkPlanInput } from "../components/plan/network";
import type { TargetSpec } from "../components/spec/schema";

function input(cloud: TargetSpec["cloud"], over: Partial<NetworkPlanInput> & { network?: TargetSpec["network"] } = {}): NetworkPlanInput {
  const zones = over.zones ?? ["z-a", "z-b"];
  return {
    target: { name: "main", cloud, region: "r-1", network: over.network } as TargetSpec,
    path: "targets[0]",
    zones,
    regionZones: over.regionZones ?? ["z-a", "z-b", "z-c"],
    loadBalancer: over.loadBalancer ?? { public: true },
  };
}

describe("CIDR arithmetic", () => {
  it("splits like Terraform's cidrsubnet", () => {
    expect(subnetCidr("10.42.0.0/16", 4, 0)).toBe("10.42.0.0/20");
    expect(subnetCidr("10.42.0.0/16", 4, 3)).toBe("10.42.48.0/20");
    expect(subnetCidr("10.42.0.0/16", 8, 240)).toBe("10.42.240.0/24");
    expect(() => subnetCidr("10.42.0.0/16", 4, 16)).toThrow(/no subnet #16/);
    expect(() => subnetCidr("10.42.0.0/30", 4, 0)).toThrow(/cannot be split/);
  });
  it("knows containment and overlap", () => {
    expect(cidrContains("100.64.0.0/10", "100.100.1.0/24")).toBe(true);
    expect(cidrContains("100.64.0.0/10", "100.128.0.0/24")).toBe(false);
    expect(cidrContains("10.42.0.0/24", "10.42.0.0/16")).toBe(false);
    expect(cidrsOverlap("10.0.0.0/8", "10.42.0.0/16")).toBe(true);
    expect(cidrsOverlap("10.42.0.0/16", "10.43.0.0/16")).toBe(false);
  });
});

describe("planNetwork: one layout on every cloud", () => {
  it("AWS, public ALB in two zones: /20 host subnets, /24 LB subnets from .240, NAT in the first LB subnet", () => {
    const { network, loadBalancer, issues } = planNetwork(input("aws"));
    expect(issues).toEqual([]);
    expect(network!.mode).toBe("create");
    expect(network!.vpcCidr).toBe("10.42.0.0/16");
    expect(network!.hostSubnets.map((s) => [s.zone, s.cidr])).toEqual([["z-a", "10.42.0.0/20"], ["z-b", "10.42.16.0/20"]]);
    expect(network!.lbSubnets.map((s) => [s.zone, s.cidr])).toEqual([["z-a", "10.42.240.0/24"], ["z-b", "10.42.241.0/24"]]);
    expect(network!.egress).toEqual({ kind: "nat-gateway", natSubnet: { role: "lb", index: 0, zone: "z-a", cidr: "10.42.240.0/24", id: null }, hostRoute: "route-table" });
    expect(loadBalancer).toMatchObject({ public: true, tls: null, listenerPort: 80, clientCidrs: ["0.0.0.0/0"], backendAccess: { kind: "lb-security-group", cidrs: [] } });
  });

  it("AWS, internal ALB with one host zone: a second LB zone from the region, a dedicated public NAT subnet, clients = the VPC", () => {
    const { network, loadBalancer } = planNetwork(input("aws", { zones: ["z-b"], loadBalancer: { public: false } }));
    expect(network!.hostSubnets.map((s) => s.cidr)).toEqual(["10.42.0.0/20"]);
    expect(network!.lbSubnets.map((s) => [s.zone, s.cidr])).toEqual([["z-b", "10.42.240.0/24"], ["z-a", "10.42.241.0/24"]]);
    expect(network!.egress).toMatchObject({ natSubnet: { role: "nat", zone: "z-b", cidr: "10.42.242.0/24" } });
    expect(loadBalancer!.clientCidrs).toEqual(["10.42.0.0/16"]);
    expect(loadBalancer!.zones).toEqual(["z-b", "z-a"]);
  });

  it("Alibaba Cloud: the engine port is opened to exactly the ALB vSwitches; NAT with SNAT entries", () => {
    const { network, loadBalancer } = planNetwork(input("alicloud", { zones: ["z-a"] }));
    expect(loadBalancer!.backendAccess).toMatchObject({ kind: "lb-subnets", cidrs: ["10.42.240.0/24", "10.42.241.0/24"] });
    expect(network!.egress).toMatchObject({ kind: "nat-gateway", hostRoute: "snat-entry", natSubnet: { cidr: "10.42.240.0/24" } });
  });

  it("Tencent Cloud: one CLB subnet, a VPC-level NAT gateway with a route table, and no engine-port source (pass-to-target)", () => {
    const { network, loadBalancer } = planNetwork(input("tencentcloud"));
    expect(network!.lbSubnets.map((s) => s.cidr)).toEqual(["10.42.240.0/24"]);
    expect(network!.egress).toEqual({ kind: "nat-gateway", natSubnet: null, hostRoute: "route-table" });
    expect(loadBalancer!.backendAccess).toMatchObject({ kind: "bypasses-host-security-group", cidrs: [] });
  });

  it("Volcano Engine: layer-7 CLB traffic comes from 100.64.0.0/10, whatever the CLB's subnet", () => {
    const { network, loadBalancer } = planNetwork(input("volcengine", { loadBalancer: { public: true, allowedCidrs: ["203.0.113.0/24"], tls: { certificateId: "cert-1" } } }));
    expect(loadBalancer!.backendAccess.cidrs).toEqual(["100.64.0.0/10"]);
    expect(loadBalancer!.clientCidrs).toEqual(["203.0.113.0/24"]);
    expect(loadBalancer!.listenerPort).toBe(443);
    expect(loadBalancer!.tls).toEqual({ certificateId: "cert-1" });
    expect(network!.egress).toMatchObject({ hostRoute: "snat-entry", natSubnet: { cidr: "10.42.240.0/24" } });
  });

  it("a custom VPC CIDR moves every subnet with it", () => {
    const { network } = planNetwork(input("aws", { network: { vpcCidr: "172.20.0.0/16" } }));
    expect(network!.hostSubnets.map((s) => s.cidr)).toEqual(["172.20.0.0/20", "172.20.16.0/20"]);
    expect(network!.lbSubnets.map((s) => s.cidr)).toEqual(["172.20.240.0/24", "172.20.241.0/24"]);
  });
});

describe("planNetwork: refusals name the config path", () => {
  it("refuses a VPC too small for the layout", () => {
    const { issues, network } = planNetwork(input("aws", { network: { vpcCidr: "10.42.0.0/24" } }));
    expect(network).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual(["targets[0].network.vpcCidr"]);
  });

  it("refuses an existing Alibaba network without dedicated ALB vSwitches", () => {
    const { issues } = planNetwork(input("alicloud", { network: { existing: { vpcId: "vpc-1", subnetIds: ["vsw-a", "vsw-b"] } } }));
    expect(issues.map((i) => i.path)).toEqual(["targets[0].network.existing.lbSubnetIds"]);
  });

  it("refuses an internal load balancer in an existing network when the clients are unknown", () => {
    const { issues } = planNetwork(input("aws", { loadBalancer: { public: false }, network: { existing: { vpcId: "vpc-1", subnetIds: ["s-a", "s-b"] } } }));
    expect(issues.map((i) => i.path)).toEqual(["loadBalancer.allowedCidrs"]);
  });

  it("refuses an ALB with subnets in fewer than two zones", () => {
    const { issues } = planNetwork(input("aws", { zones: ["z-a"], network: { vpcCidr: "10.1.0.0/16", existing: { vpcId: "vpc-1", subnetIds: ["s-a"] } } }));
    expect(issues.map((i) => i.path)).toEqual(["targets[0].network.existing.subnetIds"]);
    expect(issues[0].message).toMatch(/at least 2 zones/);
  });

  it("uses existing ids and the stated VPC CIDR for clients of an internal load balancer", () => {
    const { network, loadBalancer } = planNetwork(
      input("alicloud", { loadBalancer: { public: false }, network: { vpcCidr: "172.16.0.0/12", existing: { vpcId: "vpc-1", subnetIds: ["vsw-a", "vsw-b"], lbSubnetIds: ["vsw-lb1", "vsw-lb2"] } } }),
    );
    expect(network!.hostSubnets.map((s) => s.id)).toEqual(["vsw-a", "vsw-b"]);
    expect(network!.lbSubnets.map((s) => s.id)).toEqual(["vsw-lb1", "vsw-lb2"]);
    expect(network!.egress).toEqual({ kind: "existing-network" });
    expect(loadBalancer!.clientCidrs).toEqual(["172.16.0.0/12"]);
    expect(loadBalancer!.backendAccess.cidrs).toBeNull();
  });
});

describe("networkWarnings", () => {
  it("warns that an internal load balancer in a new VPC admits nobody but the GPU hosts", () => {
    const planned = planNetwork(input("aws", { loadBalancer: { public: false } }));
    const warnings = networkWarnings("main", planned.network!, planned.loadBalancer!, undefined);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("10.42.0.0/16");
    expect(networkWarnings("main", planned.network!, planned.loadBalancer!, ["10.0.0.0/8"])).toEqual([]);
  });
});
