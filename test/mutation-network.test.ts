/**
 * Hand-computed expectations for the network plan and its CIDR helper, aimed at the mutants Stryker
 * left alive in components/plan/network.ts and cidr.ts (bench/RESULTS.md): existing-network issues
 * and layout, the VPC prefix and zone-count boundaries, load-balancer zones taken from the region,
 * the internal-LB warning, and /0 masks. Every CIDR and message is written out here by hand.
 */
import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr, subnetCidr } from "../components/plan/cidr";
import { networkWarnings, planNetwork, type LoadBalancerPlan, type NetworkPlan, type NetworkPlanInput } from "../components/plan/network";
import type { TargetSpec } from "../components/spec/schema";

function input(cloud: TargetSpec["cloud"], over: Partial<NetworkPlanInput> & { network?: TargetSpec["network"] } = {}): NetworkPlanInput {
  return {
    target: { name: "main", cloud, region: "r-1", network: over.network } as TargetSpec,
    path: "targets[0]",
    zones: over.zones ?? ["z-a", "z-b"],
    regionZones: over.regionZones ?? ["z-a", "z-b", "z-c"],
    loadBalancer: over.loadBalancer ?? { public: true },
  };
}

describe("CIDR helper at its edges", () => {
  it("a /0 keeps no network bits, whatever address is written", () => {
    expect(parseCidr("10.1.2.3/0")).toEqual({ base: 0, prefix: 0 });
    expect(parseCidr("10.1.2.3/8")).toEqual({ base: 10 * 2 ** 24, prefix: 8 });
  });
  it("0.0.0.0/0 contains every range", () => {
    expect(cidrContains("0.0.0.0/0", "10.0.0.0/8")).toBe(true);
    expect(cidrContains("0.0.0.0/0", "203.0.113.7/32")).toBe(true);
  });
  it("refuses a negative subnet index", () => {
    expect(() => subnetCidr("10.42.0.0/16", 4, -1)).toThrow("10.42.0.0/16 has no subnet #-1 of /20");
    expect(subnetCidr("10.42.0.0/16", 4, 15)).toBe("10.42.240.0/20");
  });
});

describe("planNetwork: existing network", () => {
  it("needs one subnet per zone", () => {
    const { network, issues } = planNetwork(input("aws", { network: { existing: { vpcId: "vpc-1", subnetIds: ["s-1"], lbSubnetIds: ["l-1", "l-2"] } } as TargetSpec["network"] }));
    expect(network).toBeUndefined();
    expect(issues).toEqual([{ path: "targets[0].network.existing.subnetIds", message: "one subnet per zone is needed (zones: z-a, z-b); got 1" }]);
  });
  it("names lbSubnetIds when the dedicated load-balancer subnets are too few", () => {
    const { issues } = planNetwork(input("aws", { network: { existing: { vpcId: "vpc-1", subnetIds: ["s-1", "s-2"], lbSubnetIds: ["l-1"] } } as TargetSpec["network"] }));
    expect(issues).toEqual([{ path: "targets[0].network.existing.lbSubnetIds", message: "the aws Application Load Balancer needs subnets in at least 2 zones; got 1" }]);
  });
  it("names subnetIds when the host subnets double as load-balancer subnets and are too few", () => {
    const { issues } = planNetwork(input("aws", { zones: ["z-a"], network: { existing: { vpcId: "vpc-1", subnetIds: ["s-1"] } } as TargetSpec["network"] }));
    expect(issues).toEqual([{ path: "targets[0].network.existing.subnetIds", message: "the aws Application Load Balancer needs subnets in at least 2 zones; got 1" }]);
  });
  it("asks Alibaba Cloud for dedicated ALB vSwitches", () => {
    const { issues } = planNetwork(input("alicloud", { network: { existing: { vpcId: "vpc-1", subnetIds: ["s-1", "s-2"] } } as TargetSpec["network"] }));
    expect(issues).toEqual([
      {
        path: "targets[0].network.existing.lbSubnetIds",
        message:
          "Alibaba Cloud ALB reaches hosts from its own vSwitches, so the engine port is opened to them: give the ALB dedicated vSwitches (lbSubnetIds) so no other workload in the hosts' vSwitches can call the engine directly",
      },
    ]);
  });
  it("uses the first subnet per zone, zones of the host subnets for shared LB subnets, and no zone for dedicated ones", () => {
    const shared = planNetwork(input("aws", { zones: ["z-a", "z-b"], network: { existing: { vpcId: "vpc-1", subnetIds: ["s-1", "s-2", "s-3"] } } as TargetSpec["network"] }));
    expect(shared.issues).toEqual([]);
    expect(shared.network).toEqual({
      mode: "existing",
      vpcId: "vpc-1",
      vpcCidr: null,
      hostSubnets: [
        { role: "host", index: 0, zone: "z-a", cidr: null, id: "s-1" },
        { role: "host", index: 1, zone: "z-b", cidr: null, id: "s-2" },
      ],
      lbSubnets: [
        { role: "lb", index: 0, zone: "z-a", cidr: null, id: "s-1" },
        { role: "lb", index: 1, zone: "z-b", cidr: null, id: "s-2" },
        { role: "lb", index: 2, zone: null, cidr: null, id: "s-3" },
      ],
      egress: { kind: "existing-network" },
    });
    expect(shared.loadBalancer!.zones).toEqual(["z-a", "z-b", null]);
    // lb-security-group on AWS: nothing opened by CIDR
    expect(shared.loadBalancer!.backendAccess.cidrs).toEqual([]);

    const dedicated = planNetwork(
      input("alicloud", { zones: ["z-a"], network: { existing: { vpcId: "vpc-2", subnetIds: ["s-1"], lbSubnetIds: ["l-1", "l-2"] }, vpcCidr: "172.16.0.0/12" } as TargetSpec["network"] }),
    );
    expect(dedicated.issues).toEqual([]);
    expect(dedicated.network!.vpcCidr).toBe("172.16.0.0/12");
    expect(dedicated.network!.lbSubnets).toEqual([
      { role: "lb", index: 0, zone: null, cidr: null, id: "l-1" },
      { role: "lb", index: 1, zone: null, cidr: null, id: "l-2" },
    ]);
    // lb-subnets on Alibaba with subnets whose CIDRs the plan does not know: looked up by the adapter
    expect(dedicated.loadBalancer!.backendAccess.cidrs).toBeNull();
  });
  it("an internal load balancer in an existing network without allowedCidrs or vpcCidr is refused at loadBalancer.allowedCidrs", () => {
    const { network, issues } = planNetwork(
      input("aws", { loadBalancer: { public: false }, network: { existing: { vpcId: "vpc-1", subnetIds: ["s-1", "s-2"] } } as TargetSpec["network"] }),
    );
    expect(network).toBeUndefined();
    expect(issues).toEqual([
      {
        path: "loadBalancer.allowedCidrs",
        message:
          'target "main" uses an existing network with an internal load balancer: set loadBalancer.allowedCidrs (the clients\' ranges) or targets[0].network.vpcCidr (admit the whole VPC)',
      },
    ]);
  });
});

describe("planNetwork: created network boundaries", () => {
  const vpc = (vpcCidr: string) => planNetwork(input("volcengine", { network: { vpcCidr } as TargetSpec["network"] }));
  it("accepts /8 and /19 VPCs", () => {
    expect(vpc("10.0.0.0/8").network!.hostSubnets.map((s) => s.cidr)).toEqual(["10.0.0.0/12", "10.16.0.0/12"]);
    expect(vpc("10.0.0.0/19").network!.hostSubnets.map((s) => s.cidr)).toEqual(["10.0.0.0/23", "10.0.2.0/23"]);
  });
  it("refuses /7 and /20 VPCs with the given value", () => {
    const message = "the VPC prefix must be between /8 and /19 (host subnets are /20-sized steps, load-balancer subnets /24-sized)";
    expect(vpc("10.0.0.0/7")).toEqual({ issues: [{ path: "targets[0].network.vpcCidr", message, given: '"10.0.0.0/7"' }] });
    expect(vpc("10.0.0.0/20")).toEqual({ issues: [{ path: "targets[0].network.vpcCidr", message, given: '"10.0.0.0/20"' }] });
  });
  const zones = (n: number) => Array.from({ length: n }, (_, i) => `z-${i}`);
  it("accepts 14 zones and refuses 15", () => {
    const ok = planNetwork(input("tencentcloud", { zones: zones(14), regionZones: zones(14) }));
    expect(ok.issues).toEqual([]);
    expect(ok.network!.hostSubnets[13]).toEqual({ role: "host", index: 13, zone: "z-13", cidr: "10.42.208.0/20", id: null });
    expect(planNetwork(input("tencentcloud", { zones: zones(15), regionZones: zones(15) }))).toEqual({
      issues: [{ path: "targets[0].zones", message: "at most 14 zones per target", given: "15" }],
    });
  });
  it("adds a load-balancer zone from the region without repeating a host zone", () => {
    const { network } = planNetwork(input("aws", { zones: ["z-b"], regionZones: ["z-b", "z-c", "z-a"] }));
    expect(network!.lbSubnets.map((s) => [s.zone, s.cidr])).toEqual([
      ["z-b", "10.42.240.0/24"],
      ["z-c", "10.42.241.0/24"],
    ]);
  });
  it("refuses a two-zone load balancer in a region the catalog knows one zone of", () => {
    expect(planNetwork(input("alicloud", { zones: ["z-a"], regionZones: ["z-a"] }))).toEqual({
      issues: [{ path: "targets[0].zones", message: "the alicloud Application Load Balancer (ALB) needs at least 2 zones, and the catalog knows only z-a in r-1" }],
    });
  });
});

describe("networkWarnings", () => {
  const created = { mode: "create", vpcCidr: "10.42.0.0/16" } as NetworkPlan;
  const existing = { mode: "existing", vpcCidr: "10.9.0.0/16" } as NetworkPlan;
  const internal = { public: false } as LoadBalancerPlan;
  const pub = { public: true } as LoadBalancerPlan;
  it("warns only for an internal load balancer in a new VPC without allowedCidrs", () => {
    expect(networkWarnings("hz", created, internal, undefined)).toEqual([
      "target hz: the internal load balancer admits only the new VPC 10.42.0.0/16, where nothing but the GPU hosts runs; " +
        "set loadBalancer.allowedCidrs to your clients' ranges (reached through peering, a transit gateway or VPN) or deploy into network.existing",
    ]);
    expect(networkWarnings("hz", created, pub, undefined)).toEqual([]);
    expect(networkWarnings("hz", existing, internal, undefined)).toEqual([]);
    expect(networkWarnings("hz", created, internal, ["192.168.0.0/16"])).toEqual([]);
  });
});
