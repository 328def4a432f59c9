/**
 * AWS network building block: a VPC with private GPU-host subnets (egress through one NAT gateway)
 * and load-balancer subnets, or an existing VPC and subnets.
 */
import * as pulumi from "@pulumi/pulumi";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import { Eip } from "@pulumi/aws/ec2/eip";
import { getVpcOutput } from "@pulumi/aws/ec2/getVpc";
import { InternetGateway } from "@pulumi/aws/ec2/internetGateway";
import { NatGateway } from "@pulumi/aws/ec2/natGateway";
import { Route } from "@pulumi/aws/ec2/route";
import { RouteTable } from "@pulumi/aws/ec2/routeTable";
import { RouteTableAssociation } from "@pulumi/aws/ec2/routeTableAssociation";
import { Subnet } from "@pulumi/aws/ec2/subnet";
import { Vpc } from "@pulumi/aws/ec2/vpc";
import type { CloudTargetArgs } from "../adapter";
import { awsTags, DEFAULT_VPC_CIDR, planSubnets } from "../tags";

/** The target's network spec (`CloudTargetArgs["network"]`): create a VPC or use an existing one. */
export type TargetNetworkSpec = NonNullable<CloudTargetArgs["network"]>;

/** Inputs of {@link createAwsNetwork}. */
export interface AwsNetworkArgs {
  /** Zones of the target (plan placement); host subnets are created one per zone. */
  zones: string[];
  /** Network spec; default: a new VPC `10.42.0.0/16`. */
  network?: TargetNetworkSpec;
  /** Internet-facing load balancer: its subnets are public (internet gateway route). */
  publicLoadBalancer: boolean;
  /** Tags for every resource. */
  tags: Record<string, string>;
}

/** What the network building block hands to the others. */
export interface AwsNetwork {
  vpcId: pulumi.Output<string>;
  /** VPC IPv4 CIDR (looked up for an existing VPC). */
  vpcCidr: pulumi.Output<string>;
  /** Subnets the GPU hosts run in: private, no public IPs. */
  hostSubnetIds: pulumi.Output<string>[];
  /** Subnets of the load balancer, always ≥ 2 zones (an ALB requires two). */
  lbSubnetIds: pulumi.Output<string>[];
}

/**
 * Builds the network of one target, children of `parent` named `<name>-<role>`.
 *
 * Created VPC (default `10.42.0.0/16`, DNS hostnames on):
 * - one private host subnet per zone (/20 of a /16), routed to the internet through ONE NAT gateway
 *   in the first load-balancer subnet: GPU hosts pull images and weights without a public IP. One
 *   NAT gateway costs about 0.045 USD/h plus 0.045 USD/GB processed (us-east-1) and is a single-AZ
 *   dependency for egress only (serving traffic does not pass through it);
 * - load-balancer subnets (/24 of a /16) in at least two zones, because an ALB needs two AZs: with a
 *   one-zone plan, the second LB subnet goes to another available zone of the region (hosts stay in
 *   the plan's zone). They are public (internet gateway route) when the load balancer is public and
 *   private (NAT route) otherwise. The NAT gateway needs a public subnet, so the internet gateway and
 *   public route table exist in both cases: in the first LB subnet for a public ALB, in a dedicated
 *   small public `<name>-nat-subnet` for an internal one (nothing else runs there).
 *
 * Existing network: `subnetIds` serve both the hosts and the load balancer (at least two, in
 * different zones); their routing (egress for image pulls, IGW for a public ALB) is the owner's.
 */
export function createAwsNetwork(name: string, args: AwsNetworkArgs, parent: pulumi.Resource, provider?: pulumi.ProviderResource): AwsNetwork {
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const invokeOpts: pulumi.InvokeOutputOptions = { parent, ...(provider ? { provider } : {}) };
  const existing = args.network?.existing;
  if (existing) {
    if (existing.subnetIds.length < 2) {
      throw new pulumi.ResourceError(
        `network.existing.subnetIds: an application load balancer needs subnets in at least two zones, got ${existing.subnetIds.length}`,
        parent,
      );
    }
    const vpc = getVpcOutput({ id: existing.vpcId }, invokeOpts);
    const ids = existing.subnetIds.map((id) => pulumi.output(id));
    return { vpcId: pulumi.output(existing.vpcId), vpcCidr: vpc.cidrBlock, hostSubnetIds: ids, lbSubnetIds: ids };
  }

  const cidr = args.network?.vpcCidr ?? DEFAULT_VPC_CIDR;
  const lbZoneCount = Math.max(2, args.zones.length);
  const layout = planSubnets(cidr, args.zones.length, lbZoneCount);
  const lbZones: pulumi.Input<string>[] = [...args.zones];
  if (args.zones.length < 2) {
    const others = getAvailabilityZonesOutput({ state: "available", excludeNames: args.zones }, invokeOpts);
    lbZones.push(
      others.names.apply((names) => {
        if (!names || names.length === 0) throw new Error(`No second availability zone besides ${args.zones[0]} for the load balancer`);
        return names[0];
      }),
    );
  }

  const vpc = new Vpc(`${name}-vpc`, { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: awsTags(args.tags, name, "vpc") }, opts);
  const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: awsTags(args.tags, name, "igw") }, opts);
  const publicRt = new RouteTable(`${name}-public-rt`, { vpcId: vpc.id, tags: awsTags(args.tags, name, "public-rt") }, opts);
  new Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, opts);

  // Load-balancer subnets. A public ALB needs them public; the NAT gateway always sits in the first
  // one, so for an internal ALB a separate small public subnet hosts the NAT gateway instead.
  const lbSubnets = layout.lb.slice(0, lbZoneCount).map(
    (block, i) =>
      new Subnet(
        `${name}-lb-${i}`,
        { vpcId: vpc.id, cidrBlock: block, availabilityZone: lbZones[i], mapPublicIpOnLaunch: false, tags: awsTags(args.tags, name, `lb-${i}`) },
        opts,
      ),
  );
  let natSubnet: Subnet;
  if (args.publicLoadBalancer) {
    lbSubnets.forEach((s, i) => new RouteTableAssociation(`${name}-lb-${i}-rt`, { subnetId: s.id, routeTableId: publicRt.id }, opts));
    natSubnet = lbSubnets[0];
  } else {
    const natBlock = planSubnets(cidr, 0, lbZoneCount + 1).lb[lbZoneCount];
    natSubnet = new Subnet(
      `${name}-nat-subnet`,
      { vpcId: vpc.id, cidrBlock: natBlock, availabilityZone: args.zones[0], mapPublicIpOnLaunch: false, tags: awsTags(args.tags, name, "nat-subnet") },
      opts,
    );
    new RouteTableAssociation(`${name}-nat-subnet-rt`, { subnetId: natSubnet.id, routeTableId: publicRt.id }, opts);
  }

  const eip = new Eip(`${name}-nat-eip`, { domain: "vpc", tags: awsTags(args.tags, name, "nat-eip") }, { ...opts, dependsOn: [igw] });
  const nat = new NatGateway(
    `${name}-nat`,
    { allocationId: eip.id, subnetId: natSubnet.id, connectivityType: "public", tags: awsTags(args.tags, name, "nat") },
    { ...opts, dependsOn: [igw] },
  );
  const privateRt = new RouteTable(`${name}-private-rt`, { vpcId: vpc.id, tags: awsTags(args.tags, name, "private-rt") }, opts);
  new Route(`${name}-private-default`, { routeTableId: privateRt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, opts);
  if (!args.publicLoadBalancer) {
    lbSubnets.forEach((s, i) => new RouteTableAssociation(`${name}-lb-${i}-rt`, { subnetId: s.id, routeTableId: privateRt.id }, opts));
  }

  const hostSubnets = args.zones.map((zone, i) => {
    const subnet = new Subnet(
      `${name}-host-${i}`,
      { vpcId: vpc.id, cidrBlock: layout.hosts[i], availabilityZone: zone, mapPublicIpOnLaunch: false, tags: awsTags(args.tags, name, `host-${i}`) },
      opts,
    );
    new RouteTableAssociation(`${name}-host-${i}-rt`, { subnetId: subnet.id, routeTableId: privateRt.id }, opts);
    return subnet;
  });

  return {
    vpcId: vpc.id,
    vpcCidr: vpc.cidrBlock,
    hostSubnetIds: hostSubnets.map((s) => s.id),
    lbSubnetIds: lbSubnets.map((s) => s.id),
  };
}
