/**
 * The network and access plan of a target: VPC and subnet layout, where egress goes, which clients
 * reach the listener, and how the load balancer (and nothing else) reaches the engine port. Decided
 * here, once, from the spec and the cloud facts in `catalog/facts/load-balancers.ts`; the adapters
 * only turn it into resources. Pure: no Pulumi.
 */
import { LOAD_BALANCER_FACTS, NAT_FACTS, type BackendSourceKind } from "../../catalog/facts/load-balancers";
import type { Cloud } from "../../catalog/schema";
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec, TargetSpec } from "../spec/schema";
import { parseCidr, subnetCidr } from "./cidr";

/** CIDR of a VPC the kit creates when the spec gives none. */
export const DEFAULT_VPC_CIDR = "10.42.0.0/16";

/** The whole IPv4 internet. */
export const ANYWHERE = "0.0.0.0/0";

/** One subnet (vSwitch) of the plan. */
export interface SubnetPlan {
  /** `host`: GPU hosts; `lb`: load balancer; `nat`: a dedicated public subnet for the NAT gateway (AWS, internal load balancer). */
  role: "host" | "lb" | "nat";
  /** Position within its role, from 0; logical names use it (`<target>-<role>-<index>`). */
  index: number;
  /** Zone id; null for an existing subnet whose zone the spec does not state. */
  zone: string | null;
  /** CIDR of a subnet the kit creates; null for an existing subnet. */
  cidr: string | null;
  /** Id of an existing subnet; null for one the kit creates. */
  id: string | null;
}

/** Network layout of a target. */
export interface NetworkPlan {
  /** `create`: the kit creates the VPC, subnets and NAT below; `existing`: it uses the given ids. */
  mode: "create" | "existing";
  /** Id of an existing VPC; null when created. */
  vpcId: string | null;
  /** CIDR of the created VPC, or of the existing one when the spec states it (`network.vpcCidr`); null otherwise. */
  vpcCidr: string | null;
  /** One host subnet per zone, in zone order. Created: the i-th /20 (newBits 4) of the VPC. */
  hostSubnets: SubnetPlan[];
  /**
   * Load-balancer subnets, at least the cloud's minimum zone count. Created: /24s (newBits 8) from
   * index 240 of the VPC, in the host zones first and then in further zones of the region.
   * Existing: `network.existing.lbSubnetIds`, or the host subnets when not given.
   */
  lbSubnets: SubnetPlan[];
  /**
   * Egress of the GPU hosts: `nat-gateway` (created with an EIP; `natSubnet` says where it sits, null
   * when the cloud's NAT gateway belongs to the VPC) or `existing-network` (the owner's routing).
   */
  egress: { kind: "nat-gateway"; natSubnet: SubnetPlan | null; hostRoute: "route-table" | "snat-entry" } | { kind: "existing-network" };
}

/** How the load balancer reaches the engine port (see `BackendSourceKind`). */
export interface BackendAccessPlan {
  kind: BackendSourceKind;
  /**
   * CIDRs the hosts' security group admits on the engine port: the fixed ranges (`fixed-cidrs`), the
   * load-balancer subnets' CIDRs (`lb-subnets`; null when the subnets exist and their CIDRs are looked
   * up by the adapter), empty for `lb-security-group` and `bypasses-host-security-group`.
   */
  cidrs: string[] | null;
  /** Source of the cloud fact. */
  source: string;
}

/** The load balancer of a target. */
export interface LoadBalancerPlan {
  /** Internet-facing when true. */
  public: boolean;
  /** HTTPS with this certificate, or plain HTTP when null. */
  tls: { certificateId: string } | null;
  /** Listener port: 443 with TLS, 80 otherwise. */
  listenerPort: 443 | 80;
  /**
   * Client CIDRs admitted on the listener: `allowedCidrs`, else everyone for a public load balancer
   * and the VPC CIDR for an internal one.
   */
  clientCidrs: string[];
  /** How requests and health checks reach the engine port; nothing else is admitted there. */
  backendAccess: BackendAccessPlan;
  /** Zones the load balancer spans (one per load-balancer subnet; null for an existing subnet of unknown zone). */
  zones: (string | null)[];
  /**
   * Port on the hosts the load balancer forwards to and health-checks: the gateway's port when the
   * target has a gateway, else the engine port. Absent in plans made before the gateway (read it
   * with `lbTargetPort(plan)` of components/plan/gateway.ts).
   */
  targetPort?: number;
  /** The gateway's host port, or null without a gateway (the engine port is then the target). */
  gatewayPort?: number | null;
}

/** Inputs of {@link planNetwork}. */
export interface NetworkPlanInput {
  target: TargetSpec;
  /** `targets[i]`, for issue paths. */
  path: string;
  /** The plan's zones for the hosts. */
  zones: string[];
  /** Every zone of the region (catalog), in catalog order. */
  regionZones: string[];
  loadBalancer: DeploymentSpec["loadBalancer"];
}

/** Index of the first load-balancer /24 in a created VPC (the top 16 /24s of a /16). */
const LB_SUBNET_BASE = 240;

/**
 * Plans the network and load balancer of one target, or returns the issues that prevent it (each
 * with its config path).
 */
export function planNetwork(input: NetworkPlanInput): { network?: NetworkPlan; loadBalancer?: LoadBalancerPlan; issues: ConfigIssue[] } {
  const { target, path } = input;
  const cloud: Cloud = target.cloud;
  const fact = LOAD_BALANCER_FACTS[cloud];
  const existing = target.network?.existing;
  const issues: ConfigIssue[] = [];
  let network: NetworkPlan;

  if (existing) {
    if (existing.subnetIds.length < input.zones.length) {
      issues.push({
        path: `${path}.network.existing.subnetIds`,
        message: `one subnet per zone is needed (zones: ${input.zones.join(", ")}); got ${existing.subnetIds.length}`,
      });
    }
    const lbIds = existing.lbSubnetIds ?? existing.subnetIds;
    if (lbIds.length < fact.minZones) {
      issues.push({
        path: `${path}.network.existing.${existing.lbSubnetIds ? "lbSubnetIds" : "subnetIds"}`,
        message: `the ${cloud} ${fact.product} needs subnets in at least ${fact.minZones} zones; got ${lbIds.length}`,
      });
    }
    if (cloud === "alicloud" && !existing.lbSubnetIds) {
      issues.push({
        path: `${path}.network.existing.lbSubnetIds`,
        message: "Alibaba Cloud ALB reaches hosts from its own vSwitches, so the engine port is opened to them: give the ALB dedicated vSwitches (lbSubnetIds) so no other workload in the hosts' vSwitches can call the engine directly",
      });
    }
    network = {
      mode: "existing",
      vpcId: existing.vpcId,
      vpcCidr: target.network?.vpcCidr ?? null,
      hostSubnets: existing.subnetIds.slice(0, input.zones.length).map((id, i) => ({ role: "host", index: i, zone: input.zones[i] ?? null, cidr: null, id })),
      lbSubnets: lbIds.map((id, i) => ({ role: "lb", index: i, zone: existing.lbSubnetIds ? null : (input.zones[i] ?? null), cidr: null, id })),
      egress: { kind: "existing-network" },
    };
  } else {
    const vpcCidr = target.network?.vpcCidr ?? DEFAULT_VPC_CIDR;
    const { prefix } = parseCidr(vpcCidr);
    if (prefix < 8 || prefix > 19) {
      issues.push({ path: `${path}.network.vpcCidr`, message: "the VPC prefix must be between /8 and /19 (host subnets are /20-sized steps, load-balancer subnets /24-sized)", given: JSON.stringify(vpcCidr) });
      return { issues };
    }
    if (input.zones.length > 14) {
      issues.push({ path: `${path}.zones`, message: "at most 14 zones per target", given: String(input.zones.length) });
      return { issues };
    }
    const lbZones = [...input.zones];
    for (const zone of input.regionZones) {
      if (lbZones.length >= fact.minZones) break;
      if (!lbZones.includes(zone)) lbZones.push(zone);
    }
    if (lbZones.length < fact.minZones) {
      issues.push({ path: `${path}.zones`, message: `the ${cloud} ${fact.product} needs at least ${fact.minZones} zones, and the catalog knows only ${lbZones.join(", ")} in ${target.region}` });
    }
    const lbCount = cloud === "aws" || cloud === "alicloud" ? lbZones.length : 1;
    const lbSubnets: SubnetPlan[] = lbZones.slice(0, lbCount).map((zone, i) => ({ role: "lb", index: i, zone, cidr: subnetCidr(vpcCidr, 8, LB_SUBNET_BASE + i), id: null }));
    const nat = NAT_FACTS[cloud];
    let natSubnet: SubnetPlan | null = null;
    if (nat.placement === "subnet") {
      natSubnet =
        nat.needsPublicSubnet && !input.loadBalancer.public
          ? { role: "nat", index: 0, zone: input.zones[0], cidr: subnetCidr(vpcCidr, 8, LB_SUBNET_BASE + lbCount), id: null }
          : lbSubnets[0];
    }
    network = {
      mode: "create",
      vpcId: null,
      vpcCidr,
      hostSubnets: input.zones.map((zone, i) => ({ role: "host", index: i, zone, cidr: subnetCidr(vpcCidr, 4, i), id: null })),
      lbSubnets,
      egress: { kind: "nat-gateway", natSubnet, hostRoute: nat.hostRoute },
    };
  }

  const lb = input.loadBalancer;
  let clientCidrs: string[];
  if (lb.allowedCidrs) clientCidrs = [...lb.allowedCidrs];
  else if (lb.public) clientCidrs = [ANYWHERE];
  else if (network.vpcCidr) clientCidrs = [network.vpcCidr];
  else {
    issues.push({
      path: "loadBalancer.allowedCidrs",
      message: `target "${target.name}" uses an existing network with an internal load balancer: set loadBalancer.allowedCidrs (the clients' ranges) or ${path}.network.vpcCidr (admit the whole VPC)`,
    });
    clientCidrs = [];
  }
  const backendCidrs =
    fact.backendSource === "fixed-cidrs"
      ? [...fact.cidrs]
      : fact.backendSource === "lb-subnets"
        ? network.lbSubnets.every((s) => s.cidr)
          ? network.lbSubnets.map((s) => s.cidr!)
          : null
        : [];
  if (issues.length) return { issues };
  return {
    network,
    loadBalancer: {
      public: lb.public,
      tls: lb.tls ? { certificateId: lb.tls.certificateId } : null,
      listenerPort: lb.tls ? 443 : 80,
      clientCidrs,
      backendAccess: { kind: fact.backendSource, cidrs: backendCidrs, source: fact.source },
      zones: network.lbSubnets.map((s) => s.zone),
    },
    issues: [],
  };
}

/**
 * Warnings about a planned network that deploys but may not serve its clients: an internal load
 * balancer in a new VPC admits only that VPC, where nothing but the GPU hosts lives.
 */
export function networkWarnings(targetName: string, network: NetworkPlan, lb: LoadBalancerPlan, allowedCidrs: string[] | undefined): string[] {
  const out: string[] = [];
  if (!lb.public && network.mode === "create" && !allowedCidrs) {
    out.push(
      `target ${targetName}: the internal load balancer admits only the new VPC ${network.vpcCidr}, where nothing but the GPU hosts runs; ` +
        "set loadBalancer.allowedCidrs to your clients' ranges (reached through peering, a transit gateway or VPN) or deploy into network.existing",
    );
  }
  return out;
}
