/**
 * Cloud facts that decide whether a target's load balancer can reach the engine and whether its
 * hosts can reach the internet: where each cloud's load balancer sends requests and health checks
 * from, how many zones it needs, and where a NAT gateway must sit. The planner lays out the network
 * and the security rules from these facts, and the deployability checks verify the recorded
 * resources against the same facts, so a layout the cloud would not serve fails offline.
 *
 * Every fact carries its source and whether it was confirmed in the cloud's own documentation
 * (`documented`) or inferred from related docs or third-party reports (`inferred`). Nothing here was
 * measured on a live account.
 */
import type { Cloud } from "../schema";

/** How sure we are of a fact. */
export type FactStatus = "documented" | "inferred";

/**
 * How the load balancer's traffic (proxied requests and health checks) arrives at the hosts, and so
 * what the hosts' security group must admit on the engine port:
 * - `lb-security-group`: from the load balancer's own security group (admit that group, nothing else);
 * - `lb-subnets`: from addresses inside the load balancer's subnets (admit those subnets' CIDRs);
 * - `fixed-cidrs`: from a cloud-wide range, whatever the subnet (admit `cidrs`);
 * - `bypasses-host-security-group`: the cloud lets load-balancer traffic skip the hosts' security
 *   group (the engine port stays closed to everything else).
 */
export type BackendSourceKind = "lb-security-group" | "lb-subnets" | "fixed-cidrs" | "bypasses-host-security-group";

/** What the kit's load balancer on one cloud needs and does. */
export interface LoadBalancerFact {
  /** Product the kit creates, e.g. `ALB`, `CLB (layer 4)`. */
  product: string;
  /** Terraform/Pulumi resource type token of the load balancer. */
  resourceType: string;
  /** Fewest zones (subnets in distinct zones) the product accepts. */
  minZones: number;
  /** Where proxied requests and health checks come from. */
  backendSource: BackendSourceKind;
  /** With `fixed-cidrs`: the ranges to admit on the engine port. */
  cidrs: string[];
  /** Where the fact comes from. */
  source: string;
  status: FactStatus;
  /** What the kit relies on, in one sentence. */
  note: string;
}

/** Where a cloud's NAT gateway sits. */
export interface NatFact {
  /**
   * `subnet`: the NAT gateway is created in a subnet (AWS: a public one with an internet-gateway
   * route; Alibaba Cloud enhanced NAT and Volcano Engine: any subnet of the VPC); `vpc`: the NAT
   * gateway belongs to the VPC and a route-table entry sends `0.0.0.0/0` to it (Tencent Cloud).
   */
  placement: "subnet" | "vpc";
  /** AWS only: the NAT subnet must route to an internet gateway (a public subnet). */
  needsPublicSubnet: boolean;
  /** How host subnets get the default route: `route-table` entry to the NAT, or `snat-entry` per subnet. */
  hostRoute: "route-table" | "snat-entry";
  source: string;
  status: FactStatus;
}

/** Load balancer facts per cloud (the kit's default listener on each). */
export const LOAD_BALANCER_FACTS: Readonly<Record<Cloud, LoadBalancerFact>> = {
  aws: {
    product: "Application Load Balancer",
    resourceType: "aws:lb/loadBalancer:LoadBalancer",
    minZones: 2,
    backendSource: "lb-security-group",
    cidrs: [],
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
    status: "documented",
    note: "Targets admit the listener and health-check port from the ALB's security group; an ALB needs subnets in at least two Availability Zones.",
  },
  alicloud: {
    product: "Application Load Balancer (ALB)",
    resourceType: "alicloud:alb/loadBalancer:LoadBalancer",
    minZones: 2,
    backendSource: "lb-subnets",
    cidrs: [],
    source: "https://www.alibabacloud.com/help/en/slb/application-load-balancer/user-guide/alb-security-groups",
    status: "inferred",
    note: "ALB reaches backends from local addresses in the vSwitches of its zone mappings, so the hosts admit those vSwitches' CIDRs; an ALB needs two zones. Inferred from the docs on ALB local IPs, not confirmed on an account.",
  },
  tencentcloud: {
    product: "Cloud Load Balancer (layer 4, pass-to-target)",
    resourceType: "tencentcloud:Clb/instance:Instance",
    minZones: 1,
    backendSource: "bypasses-host-security-group",
    cidrs: [],
    source: "https://www.tencentcloud.com/document/product/214/38451",
    status: "documented",
    note: "With loadBalancerPassToTarget the CVM security group is not consulted for CLB traffic and health checks; a layer-4 CLB passes the client address through, so a rule naming the CLB's security group never matches.",
  },
  volcengine: {
    product: "Cloud Load Balancer (layer 7)",
    resourceType: "volcengine:clb/clb:Clb",
    minZones: 1,
    backendSource: "fixed-cidrs",
    cidrs: ["100.64.0.0/10"],
    source: "https://docs.byteplus.com/en/docs/clb/Configuring-a-server-security-group",
    status: "documented",
    note: "Layer-7 listeners send proxied requests and health checks from 100.64.0.0/10 whatever the CLB's subnet; hosts must admit that range on the engine port.",
  },
};

/** NAT gateway facts per cloud. */
export const NAT_FACTS: Readonly<Record<Cloud, NatFact>> = {
  aws: {
    placement: "subnet",
    needsPublicSubnet: true,
    hostRoute: "route-table",
    source: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
    status: "documented",
  },
  alicloud: {
    placement: "subnet",
    needsPublicSubnet: false,
    hostRoute: "snat-entry",
    source: "https://www.alibabacloud.com/help/en/nat-gateway/user-guide/create-and-manage-internet-nat-gateways",
    status: "documented",
  },
  tencentcloud: {
    placement: "vpc",
    needsPublicSubnet: false,
    hostRoute: "route-table",
    source: "https://www.tencentcloud.com/document/product/1015/30226",
    status: "documented",
  },
  volcengine: {
    placement: "subnet",
    needsPublicSubnet: false,
    hostRoute: "snat-entry",
    source: "https://docs.byteplus.com/en/docs/nat-gateway/Creating-a-public-NAT-gateway",
    status: "inferred",
  },
};
