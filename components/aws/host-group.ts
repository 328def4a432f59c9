/**
 * AWS GPU host-group building block: a launch template (hardened host) and an Auto Scaling group
 * behind the load balancer's target group.
 */
import * as pulumi from "@pulumi/pulumi";
import { Group } from "@pulumi/aws/autoscaling/group";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate";
import type { TargetPlan } from "../plan/types";
import { awsAsgTags, awsTags } from "../tags";
import { awsRootDeviceName } from "./image";

/** Seconds the ASG ignores failing ELB health checks after launch: driver check, image pull and model load take minutes. */
export const AWS_HEALTH_CHECK_GRACE_SECONDS = 1200;

/** Inputs of {@link createAwsHostGroup}. */
export interface AwsHostGroupArgs {
  plan: TargetPlan;
  imageId: pulumi.Input<string>;
  instanceProfileName: pulumi.Input<string>;
  hostSecurityGroupId: pulumi.Input<string>;
  /** Private subnets the instances launch in. */
  subnetIds: pulumi.Input<string>[];
  /** Target groups the instances register with. */
  targetGroupArns: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/** The host group's handles. */
export interface AwsHostGroup {
  launchTemplateId: pulumi.Output<string>;
  /** Auto Scaling group name (its id). */
  groupName: pulumi.Output<string>;
}

/**
 * Creates:
 * - `<name>-lt`: `aws.ec2.LaunchTemplate` with the plan's instance type and AMI, base64 cloud-init
 *   user-data (free of secrets), the instance profile, ONE network interface without a public IP
 *   (`associatePublicIpAddress: "false"`) in the host security group, IMDSv2 only
 *   (`httpTokens: "required"`, hop limit 2 so containers can reach it), an encrypted gp3 root volume
 *   of `bootstrap.rootVolumeGb` GB deleted with the instance, one-time spot market options when
 *   `plan.spot`, tags on the template, instances and volumes; `updateDefaultVersion` on;
 * - `<name>-asg`: `aws.autoscaling.Group`, min = `replicas.min`, max = `replicas.max`, desired = min,
 *   in the private subnets, `$Latest` template version, ELB health checks with a
 *   {@link AWS_HEALTH_CHECK_GRACE_SECONDS} s grace period, capacity rebalancing for spot, tags
 *   propagated at launch.
 */
export function createAwsHostGroup(name: string, args: AwsHostGroupArgs, parent: pulumi.Resource, provider?: pulumi.ProviderResource): AwsHostGroup {
  const opts: pulumi.CustomResourceOptions = { parent, ...(provider ? { provider } : {}) };
  const { plan } = args;
  const hostTags = awsTags(args.tags, name, "host");
  const lt = new LaunchTemplate(
    `${name}-lt`,
    {
      description: `GPU hosts of ${name}: ${plan.offering.instanceType}, ${plan.engine.name}`,
      imageId: args.imageId,
      instanceType: plan.offering.instanceType,
      userData: Buffer.from(plan.bootstrap.userData, "utf8").toString("base64"),
      iamInstanceProfile: { name: args.instanceProfileName },
      networkInterfaces: [
        { deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [args.hostSecurityGroupId] },
      ],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: awsRootDeviceName(plan.bootstrap.image),
          ebs: { volumeType: "gp3", volumeSize: plan.bootstrap.rootVolumeGb, encrypted: "true", deleteOnTermination: "true" },
        },
      ],
      ...(plan.spot
        ? { instanceMarketOptions: { marketType: "spot", spotOptions: { spotInstanceType: "one-time", instanceInterruptionBehavior: "terminate" } } }
        : {}),
      tagSpecifications: [
        { resourceType: "instance", tags: hostTags },
        { resourceType: "volume", tags: hostTags },
        { resourceType: "network-interface", tags: hostTags },
      ],
      updateDefaultVersion: true,
      tags: awsTags(args.tags, name, "lt"),
    },
    opts,
  );
  const group = new Group(
    `${name}-asg`,
    {
      minSize: plan.replicas.min,
      maxSize: plan.replicas.max,
      desiredCapacity: plan.replicas.min,
      vpcZoneIdentifiers: args.subnetIds,
      launchTemplate: { id: lt.id, version: "$Latest" },
      targetGroupArns: args.targetGroupArns,
      healthCheckType: "ELB",
      healthCheckGracePeriod: AWS_HEALTH_CHECK_GRACE_SECONDS,
      capacityRebalance: plan.spot,
      tags: awsAsgTags(args.tags, name),
    },
    opts,
  );
  return { launchTemplateId: lt.id, groupName: group.id };
}
