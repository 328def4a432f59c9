/**
 * AWS network building block: exactly the network the plan decided (`plan.network`). A created VPC
 * gets the plan's host, load-balancer and NAT subnets (CIDR and zone from the plan), an internet
 * gateway, one NAT gateway and the two route tables; an existing network is used by the plan's ids.
 * Nothing here chooses a CIDR, a zone or a subnet.
 */
import * as pulumi from "@pulumi/pulumi";
import { Eip } from "@pulumi/aws/ec2/eip";
import { InternetGateway } from "@pulumi/aws/ec2/internetGateway";
import { NatGateway } from "@pulumi/aws/ec2/natGateway";
import { Route } from "@pulumi/aws/ec2/route";
import { RouteTable } from "@pulumi/aws/ec2/routeTable";
import { RouteTableAssociation } from "@pulumi/aws/ec2/routeTableAssociation";
import { Subnet } from "@pulumi/aws/ec2/subnet";
import { Vpc } from "@pulumi/aws/ec2/vpc";
import { targetError } from "../adapter";
import type { SubnetPlan, TargetPlan } from "../plan/types";
import { awsTags } from "../tags";

/** Inputs of {@link createAwsNetwork}. */
export interface AwsNetworkArgs {
  /** The target's plan: `network` decides the layout, `loadBalancer.public` which LB subnets are public. */
  plan: TargetPlan;
  /** Tags for every resource. */
  tags: Record<string, string>;
}

/** What the network building block hands to the others. */
export interface AwsNetwork {
  vpcId: pulumi.Output<string>;
  /** Subnets the GPU hosts run in, in the order of `plan.network.hostSubnets`: private, no public IPs. */
  hostSubnetIds: pulumi.Output<string>[];
  /** Subnets of the load balancer, in the order of `plan.network.lbSubnets`. */
  lbSubnetIds: pulumi.Output<string>[];
}

/** Logical role of a planned subnet: `host-0`, `lb-1`, `nat-subnet` (the names the kit has always used). */
function subnetRole(subnet: SubnetPlan): string {
  return subnet.role === "nat" ? "nat-subnet" : `${subnet.role}-${subnet.index}`;
}

/**
 * Builds the network of one target, children of `parent` named `<name>-<role>` (Name tags
 * `<plan.names.physical>-<role>`), all through `provider`.
 *
 * Created VPC (`plan.network.mode: create`, `vpcCidr` from the plan, DNS hostnames on):
 * - `<name>-host-<i>`: one private subnet per `plan.network.hostSubnets` entry (its CIDR and zone),
 *   associated with `<name>-private-rt`, whose `0.0.0.0/0` goes to the NAT gateway: GPU hosts pull
 *   images and weights without a public IP;
 * - `<name>-lb-<i>`: the `plan.network.lbSubnets`; public (`<name>-public-rt`, internet gateway) for
 *   an internet-facing ALB, private (NAT route) for an internal one;
 * - `<name>-nat-subnet`: when `plan.network.egress.natSubnet` is a dedicated `nat` subnet (internal
 *   ALB), a small public subnet that holds only the NAT gateway;
 * - `<name>-igw`, `<name>-public-rt` (+ `<name>-public-default`), `<name>-nat-eip`, `<name>-nat` in
 *   the plan's NAT subnet, `<name>-private-rt` (+ `<name>-private-default`). One NAT gateway costs
 *   about 0.045 USD/h plus 0.045 USD/GB processed (us-east-1) and is a single-AZ dependency for
 *   egress only (serving traffic does not pass through it).
 *
 * Existing network (`mode: existing`): nothing is created; the plan's subnet ids serve the hosts and
 * the load balancer, and their routing (egress for image pulls, IGW for a public ALB) is the owner's.
 */
export function createAwsNetwork(name: string, args: AwsNetworkArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AwsNetwork {
  const { plan } = args;
  const net = plan.network;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const physical = plan.names.physical;
  const tags = (role: string) => awsTags(args.tags, physical, role);

  if (net.mode === "existing") {
    const ids = (subnets: SubnetPlan[], what: string) =>
      subnets.map((s) => {
        if (!s.id) throw targetError(plan, parent, `the plan's existing ${what} subnet #${s.index} has no id`);
        return pulumi.output(s.id);
      });
    if (!net.vpcId) throw targetError(plan, parent, "the plan uses an existing network but names no VPC id");
    return { vpcId: pulumi.output(net.vpcId), hostSubnetIds: ids(net.hostSubnets, "host"), lbSubnetIds: ids(net.lbSubnets, "load-balancer") };
  }

  if (!net.vpcCidr) throw targetError(plan, parent, "the plan creates a VPC but gives no vpcCidr");
  if (net.egress.kind !== "nat-gateway" || !net.egress.natSubnet) {
    throw targetError(plan, parent, "the plan creates a VPC without a NAT subnet: AWS GPU hosts in private subnets need a NAT gateway in a public subnet");
  }
  const natPlan = net.egress.natSubnet;
  const isNatSubnet = (s: SubnetPlan) => s.role === natPlan.role && s.index === natPlan.index;
  if (natPlan.role !== "nat" && !net.lbSubnets.some(isNatSubnet)) {
    throw targetError(plan, parent, `the plan's NAT subnet ${subnetRole(natPlan)} is neither a dedicated NAT subnet nor one of the (public) load-balancer subnets`);
  }
  for (const s of [...net.hostSubnets, ...net.lbSubnets, natPlan]) {
    if (!s.cidr || !s.zone) throw targetError(plan, parent, `the plan's ${subnetRole(s)} subnet has no ${s.cidr ? "zone" : "CIDR"}`);
  }

  const vpc = new Vpc(`${name}-vpc`, { cidrBlock: net.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") }, opts);
  const subnet = (s: SubnetPlan): Subnet =>
    new Subnet(
      `${name}-${subnetRole(s)}`,
      { vpcId: vpc.id, cidrBlock: s.cidr!, availabilityZone: s.zone!, mapPublicIpOnLaunch: false, tags: tags(subnetRole(s)) },
      opts,
    );
  const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags("igw") }, opts);
  const publicRt = new RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: tags("public-rt") }, opts);
  new Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, opts);
  const privateRt = new RouteTable(`${name}-private-rt`, { vpcId: vpc.id, tags: tags("private-rt") }, opts);

  // The NAT gateway needs a public subnet: the first LB subnet of a public ALB, or the dedicated
  // `nat` subnet of an internal one (the planner decides which; see NAT_FACTS.aws).
  const lbSubnets = net.lbSubnets.map((s) => {
    const created = subnet(s);
    const routeTable = plan.loadBalancer.public || isNatSubnet(s) ? publicRt : privateRt;
    new RouteTableAssociation(`${name}-${subnetRole(s)}-rt`, { subnetId: created.id, routeTableId: routeTable.id }, opts);
    return created;
  });
  let natSubnet: Subnet;
  if (natPlan.role === "nat") {
    natSubnet = subnet(natPlan);
    new RouteTableAssociation(`${name}-nat-subnet-rt`, { subnetId: natSubnet.id, routeTableId: publicRt.id }, opts);
  } else {
    natSubnet = lbSubnets[net.lbSubnets.findIndex(isNatSubnet)];
  }

  const eip = new Eip(`${name}-nat-eip`, { domain: "vpc", tags: tags("nat-eip") }, { ...opts, dependsOn: [igw] });
  const nat = new NatGateway(
    `${name}-nat`,
    { allocationId: eip.id, subnetId: natSubnet.id, connectivityType: "public", tags: tags("nat") },
    { ...opts, dependsOn: [igw] },
  );
  new Route(`${name}-private-default`, { routeTableId: privateRt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, opts);

  const hostSubnets = net.hostSubnets.map((s) => {
    const created = subnet(s);
    new RouteTableAssociation(`${name}-${subnetRole(s)}-rt`, { subnetId: created.id, routeTableId: privateRt.id }, opts);
    return created;
  });

  return { vpcId: vpc.id, hostSubnetIds: hostSubnets.map((s) => s.id), lbSubnetIds: lbSubnets.map((s) => s.id) };
}
