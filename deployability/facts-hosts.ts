/**
 * Host facts of the deployability checks: whether and how each cloud's scaling group replaces hosts
 * on load-balancer health (and the grace input), and where the root/system and weights disks sit in
 * a host template's inputs. Every fact has its source and status.
 */
import type { Cloud } from "../catalog/schema";
import type { FactSource } from "./facts";

/** Whether and how a cloud's scaling group replaces hosts on load-balancer health. */
export interface HealthGraceFact extends FactSource {
  /** Input and values that make the group replace hosts the load balancer reports unhealthy. */
  replacesOn: { input: string; values: readonly (string | boolean)[] }[];
  /** Input with the grace period in seconds, or null when the provider has none. */
  graceInput: string | null;
  /** Grace the cloud applies when the input is absent, seconds. */
  defaultGraceSec: number;
}

export const HEALTH_GRACE_FACTS: Readonly<Record<Cloud, HealthGraceFact>> = {
  aws: {
    replacesOn: [{ input: "healthCheckType", values: ["ELB"] }],
    graceInput: "healthCheckGracePeriod",
    defaultGraceSec: 300,
    source: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html (default 300 s); node_modules/@pulumi/aws/autoscaling/group.d.ts",
    status: "documented",
  },
  alicloud: {
    replacesOn: [
      { input: "healthCheckTypes", values: ["LOAD_BALANCER"] },
      { input: "healthCheckType", values: ["LOAD_BALANCER"] },
    ],
    // @pulumi/alicloud 3.108 ess.ScalingGroupArgs has no grace-period input.
    graceInput: null,
    defaultGraceSec: 0,
    source: "node_modules/@pulumi/alicloud/ess/scalingGroup.d.ts (healthCheckTypes ECS|NONE|LOAD_BALANCER; no grace-period input)",
    status: "inferred",
  },
  tencentcloud: {
    replacesOn: [
      { input: "replaceLoadBalancerUnhealthy", values: [true] },
      { input: "healthCheckType", values: ["CLB"] },
    ],
    graceInput: "lbHealthCheckGracePeriod",
    defaultGraceSec: 0,
    source:
      "github:tencentcloudstack/terraform-provider-tencentcloud website/docs/r/as_scaling_group.html.markdown (lb_health_check_grace_period 0-7200 s, default 0; replace_load_balancer_unhealthy); components/tencentcloud/resources/as.ts",
    status: "inferred",
  },
  volcengine: {
    // pulumi-volcengine v0.0.47 exposes healthCheckType / loadBalancerHealthCheckGracePeriod as
    // outputs only: the kit cannot ask the group to replace on CLB health.
    replacesOn: [],
    graceInput: null,
    defaultGraceSec: 0,
    source: "github:volcengine/pulumi-volcengine v0.0.47 sdk/nodejs/autoscaling/scalingGroup.ts (healthCheckType, loadBalancerHealthCheckGracePeriod are outputs)",
    status: "documented",
  },
};

// ---------------------------------------------------------------------------------------------
// Disks

/** Where the root/system disk size (and a weights data disk) sits in a host template's inputs. */
export interface DiskFact extends FactSource {
  /** Host-template token → how to read its root size and data disks. */
  templates: Record<string, { root: string; dataDisks: string | null; dataDiskSize: string | null }>;
  /** Weights go on the first data disk when one exists (Tencent fixed-size hosts); else on the root disk. */
  weightsOnDataDisk: boolean;
}

export const DISK_FACTS: Readonly<Record<Cloud, DiskFact>> = {
  aws: {
    templates: {
      "aws:ec2/launchTemplate:LaunchTemplate": { root: "blockDeviceMappings[root].ebs.volumeSize", dataDisks: null, dataDiskSize: null },
      "aws:ec2/instance:Instance": { root: "rootBlockDevice.volumeSize", dataDisks: null, dataDiskSize: null },
    },
    weightsOnDataDisk: false,
    source:
      "node_modules/@pulumi/aws/ec2/launchTemplate.d.ts (blockDeviceMappings[].ebs.volumeSize); EBS refuses a volume smaller than its snapshot: https://boto3.amazonaws.com/v1/documentation/api/latest/reference/services/ec2/image/block_device_mappings.html",
    status: "documented",
  },
  alicloud: {
    templates: {
      "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": { root: "systemDisk.size", dataDisks: null, dataDiskSize: null },
      "alicloud:ess/scalingConfiguration:ScalingConfiguration": { root: "systemDiskSize", dataDisks: null, dataDiskSize: null },
      "alicloud:ecs/instance:Instance": { root: "systemDiskSize", dataDisks: null, dataDiskSize: null },
    },
    weightsOnDataDisk: false,
    source: "node_modules/@pulumi/alicloud/ecs/ecsLaunchTemplate.d.ts (systemDisk.size), ess/scalingConfiguration.d.ts and ecs/instance.d.ts (systemDiskSize)",
    status: "documented",
  },
  tencentcloud: {
    templates: {
      "tencentcloud:Instance/instance:Instance": { root: "systemDiskSize", dataDisks: "dataDisks", dataDiskSize: "dataDiskSize" },
      "tencentcloud:As/scalingConfig:ScalingConfig": { root: "systemDiskSize", dataDisks: "dataDisks", dataDiskSize: "diskSize" },
    },
    weightsOnDataDisk: true,
    source:
      "components/tencentcloud/resources/{cvm,as}.ts (systemDiskSize; dataDisks[].dataDiskSize / diskSize); components/tencentcloud/weights-disk.ts mounts the first data disk at the weights path",
    status: "inferred",
  },
  volcengine: {
    templates: {
      "volcengine:ecs/instance:Instance": { root: "systemVolumeSize", dataDisks: null, dataDiskSize: null },
      "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": { root: "volumes[0].size", dataDisks: null, dataDiskSize: null },
    },
    weightsOnDataDisk: false,
    source:
      "components/volcengine/resources/{ecs,autoscaling}.ts (systemVolumeSize; volumes, 1-15, terraform-provider-volcengine resource_volcengine_scaling_configuration.go); that volumes[0] is the system volume follows the ESS API's Volumes.N convention, not read here",
    status: "inferred",
  },
};

// ---------------------------------------------------------------------------------------------
// Host templates: user-data and metadata options
