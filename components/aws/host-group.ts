/**
 * AWS GPU host-group building block: a launch template (hardened host) and an Auto Scaling group
 * behind the load balancer's target group, rolled by instance refresh when the template changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { Group } from "@pulumi/aws/autoscaling/group";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate";
import type { TargetPlan } from "../plan/types";
import { awsAsgTags, awsTags } from "../tags";
import { awsRootDeviceName } from "./image";
import { userDataBase64 } from "../bootstrap/user-data-encoding";

/**
 * Throughput of the gp3 root volume in MiB/s (gp3 baseline 125, maximum 1000). Model loading reads
 * the engine image and the weights from this disk: at the baseline, 16 GB of weights alone take
 * about 2 minutes to read and the image extraction is throttled too. Cost: 0.040 USD per MiB/s-month
 * above 125 (us-east-1 list price), so (500 − 125) × 0.040 = 15 USD per host-month. Small instance
 * sizes may cap EBS bandwidth below this (their EBS-optimized burst limit), which costs nothing extra.
 */
export const AWS_ROOT_VOLUME_THROUGHPUT_MIBS = 500;

/**
 * IOPS of the gp3 root volume (gp3 baseline 3000, maximum 16000; at most 500 per GiB and throughput
 * at most 0.25 MiB/s per IOPS, so 500 MiB/s needs ≥ 2000 IOPS). Image layer extraction writes many
 * small files. Cost: 0.005 USD per IOPS-month above 3000 (us-east-1 list price), so
 * (6000 − 3000) × 0.005 = 15 USD per host-month. With the throughput above, about 30 USD per
 * host-month (≈ 0.04 USD/h, about 2 % of a g6e.xlarge on demand).
 */
export const AWS_ROOT_VOLUME_IOPS = 6000;

/**
 * Seconds added to the engine's start budget (`plan.bootstrap.startBudgetSec`) for the health-check
 * grace period and the instance-refresh warm-up: the instance enters service before cloud-init has
 * started the engine unit, and the ALB needs 2 healthy checks 15 s apart once the engine is ready.
 */
export const AWS_BOOT_MARGIN_SECONDS = 300;

/**
 * Health-check grace period (and instance warm-up) for a plan: the engine's start budget plus
 * {@link AWS_BOOT_MARGIN_SECONDS}, so the ASG never replaces a host that is still pulling the image or
 * loading the weights within its budget (a replace/re-pull loop for big models otherwise).
 */
export function awsHealthCheckGraceSeconds(plan: TargetPlan): number {
  return plan.bootstrap.startBudgetSec + AWS_BOOT_MARGIN_SECONDS;
}

/**
 * `maxHealthyPercentage` of the instance refresh for `desired` hosts, with `minHealthyPercentage`
 * 100: room for exactly one extra host, so a refresh launches a replacement and waits for it to be
 * healthy before it terminates an old host, one host at a time. A one-replica target (200 %) never
 * drops to zero serving hosts; the price is one extra GPU host (and its quota) during a refresh.
 * AWS accepts 100–200 and at most 100 above the minimum.
 */
export function awsRefreshMaxHealthyPercentage(desired: number): number {
  return Math.min(200, 100 + Math.ceil(100 / Math.max(1, desired)));
}

/** Inputs of {@link createAwsHostGroup}. */
export interface AwsHostGroupArgs {
  plan: TargetPlan;
  /** The plan's instance type, verified against the zones' offerings (see instance-type.ts). */
  instanceType: pulumi.Input<string>;
  imageId: pulumi.Input<string>;
  instanceProfileName: pulumi.Input<string>;
  hostSecurityGroupId: pulumi.Input<string>;
  /** The plan's host subnets (private). */
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
 * Creates, through `provider`:
 * - `<name>-lt`: `aws.ec2.LaunchTemplate` with the verified instance type and the AMI, base64
 *   cloud-init user-data (free of secrets), the instance profile, ONE network interface without a
 *   public IP (`associatePublicIpAddress: "false"`) in the host security group, IMDSv2 only
 *   (`httpTokens: "required"`, hop limit 2 so containers can reach it), an encrypted gp3 root volume
 *   of `bootstrap.rootVolumeGb` GB (the plan sizes it, at least the AMI snapshot) with
 *   {@link AWS_ROOT_VOLUME_THROUGHPUT_MIBS} MiB/s and {@link AWS_ROOT_VOLUME_IOPS} IOPS, deleted with
 *   the instance, one-time spot market options when `plan.spot`, tags on the template, instances,
 *   volumes and network interfaces; `updateDefaultVersion` on;
 * - `<name>-asg`: `aws.autoscaling.Group`, min = `replicas.min`, max = `replicas.max`, desired = min,
 *   in the host subnets, pinned to the template's `latestVersion` (a refresh never starts on
 *   `$Latest`), ELB health checks with a grace of {@link awsHealthCheckGraceSeconds}, capacity
 *   rebalancing for spot, tags propagated at launch, and a Rolling `instanceRefresh`
 *   (min healthy 100 %, max {@link awsRefreshMaxHealthyPercentage}, warm-up = the grace) that AWS
 *   starts whenever the launch template version changes (new AMI, user-data, instance type).
 * Cloud names start with `<plan.names.physical>-lt-` / `-asg-`.
 */
export function createAwsHostGroup(name: string, args: AwsHostGroupArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): AwsHostGroup {
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const { plan } = args;
  const physical = plan.names.physical;
  const hostTags = awsTags(args.tags, physical, "host");
  const grace = awsHealthCheckGraceSeconds(plan);
  const lt = new LaunchTemplate(
    `${name}-lt`,
    {
      namePrefix: `${physical}-lt-`,
      description: `GPU hosts of ${physical}: ${plan.offering.instanceType}, ${plan.engine.name}`,
      imageId: args.imageId,
      instanceType: args.instanceType,
      userData: userDataBase64(plan.bootstrap.userData, plan.bootstrap.userDataEncoding ?? "plain"),
      iamInstanceProfile: { name: args.instanceProfileName },
      networkInterfaces: [
        { deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: [args.hostSecurityGroupId] },
      ],
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
      blockDeviceMappings: [
        {
          deviceName: awsRootDeviceName(plan.bootstrap.image),
          ebs: {
            volumeType: "gp3",
            volumeSize: plan.bootstrap.rootVolumeGb,
            throughput: AWS_ROOT_VOLUME_THROUGHPUT_MIBS,
            iops: AWS_ROOT_VOLUME_IOPS,
            encrypted: "true",
            deleteOnTermination: "true",
          },
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
      tags: awsTags(args.tags, physical, "lt"),
    },
    opts,
  );
  const group = new Group(
    `${name}-asg`,
    {
      namePrefix: `${physical}-asg-`,
      minSize: plan.replicas.min,
      maxSize: plan.replicas.max,
      desiredCapacity: plan.replicas.min,
      vpcZoneIdentifiers: args.subnetIds,
      launchTemplate: { id: lt.id, version: lt.latestVersion.apply((v) => String(v)) },
      targetGroupArns: args.targetGroupArns,
      healthCheckType: "ELB",
      healthCheckGracePeriod: grace,
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: 100,
          maxHealthyPercentage: awsRefreshMaxHealthyPercentage(plan.replicas.min),
          instanceWarmup: String(grace),
        },
      },
      capacityRebalance: plan.spot,
      tags: awsAsgTags(args.tags, physical),
    },
    opts,
  );
  return { launchTemplateId: lt.id, groupName: group.id };
}
