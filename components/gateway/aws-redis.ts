/**
 * AWS building block of the gateway: the Redis the gateways of a multi-host VM target share for
 * their limit counters (plan.gateway.rateLimitStore.kind `managed-redis`), reachable only from the
 * GPU hosts' security group. Its endpoint host is returned as the value of the plan's
 * `gatewayRedis` secret, which the adapter stores with the other secrets for the hosts to read at boot.
 */
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { ReplicationGroup } from "@pulumi/aws/elasticache/replicationGroup";
import { SubnetGroup } from "@pulumi/aws/elasticache/subnetGroup";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { targetError, type TargetSecret } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { awsTags } from "../tags";

/** Inputs of {@link createAwsGatewayRedis}. */
export interface AwsGatewayRedisArgs {
  /** The plan: `gateway.rateLimitStore.managed` (node type, engine version, endpoint secret) and the names. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The plan's host subnets (the Redis sits beside the hosts). */
  subnetIds: pulumi.Input<string>[];
  /** The GPU hosts' security group: the only source admitted on 6379. */
  hostSecurityGroupId: pulumi.Input<string>;
  tags: Record<string, string>;
}

/**
 * Creates, through `provider`: `<name>-redis-subnets` (`aws.elasticache.SubnetGroup` of the host
 * subnets), `<name>-redis-sg` (no rules but `<name>-redis-in-hosts`: TCP 6379 from the hosts' group)
 * and `<name>-redis` (`aws.elasticache.ReplicationGroup`, Redis OSS, one node of the plan's type,
 * encrypted at rest; no in-transit encryption because the Higress plugins' Redis client speaks plain
 * TCP, so only the hosts' group reaches it). Returns the `gatewayRedis` secret with the primary
 * endpoint's host as its value.
 */
export function createAwsGatewayRedis(name: string, args: AwsGatewayRedisArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): TargetSecret {
  const { plan } = args;
  const store = plan.gateway?.rateLimitStore;
  const managed = store?.kind === "managed-redis" ? store.managed : undefined;
  const secret = plan.secrets.find((s) => s.name === managed?.endpointSecret);
  if (!managed || !secret) throw targetError(plan, parent, "the plan has no managed Redis for the gateway (gateway.rateLimitStore.managed and its endpoint secret)");
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const physical = plan.names.physical;
  const tags = (role: string) => awsTags(args.tags, physical, role);
  const subnets = new SubnetGroup(`${name}-redis-subnets`, { name: `${physical}-redis`, description: `Gateway limit store of ${physical}`, subnetIds: args.subnetIds, tags: tags("redis-subnets") }, opts);
  const sg = new SecurityGroup(`${name}-redis-sg`, { vpcId: args.vpcId, namePrefix: `${physical}-redis-sg-`, description: `Gateway limit store of ${physical}: 6379 from the GPU hosts only`, tags: tags("redis-sg") }, opts);
  new SecurityGroupIngressRule(
    `${name}-redis-in-hosts`,
    { securityGroupId: sg.id, ipProtocol: "tcp", fromPort: store!.port, toPort: store!.port, referencedSecurityGroupId: args.hostSecurityGroupId, description: "Gateways on the GPU hosts to their limit store", tags: tags("redis-in-hosts") },
    opts,
  );
  const redis = new ReplicationGroup(
    `${name}-redis`,
    {
      replicationGroupId: `${physical}-gw`.slice(0, 40),
      description: `Gateway limit counters of ${physical}`,
      engine: "redis",
      engineVersion: managed.engineVersion,
      nodeType: managed.size,
      numCacheClusters: 1,
      port: store!.port,
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: false,
      tags: tags("redis"),
    },
    opts,
  );
  return { ...secret, value: pulumi.secret(redis.primaryEndpointAddress) };
}
