/**
 * Qdrant on a private ECS host beside an Alibaba Cloud `vm` target, mapped from
 * `plan.vectorDatabase.host`: a generated API key (an OOS secret parameter under a KMS key, read by
 * the host's RAM role, never in user-data), a security group admitting 6333/6334 from the VPC CIDR
 * only, a CPU instance with no public bandwidth and the plan's metadata mode, an encrypted ESSD data
 * disk (`protect` + `retainOnDelete`, kept when the instance goes, auto snapshots kept when the disk
 * goes) attached to it, and an automatic snapshot policy on that disk kept `backup.retentionDays`.
 */
import * as pulumi from "@pulumi/pulumi";
import { AutoSnapshotPolicy } from "@pulumi/alicloud/ecs/autoSnapshotPolicy";
import { Disk } from "@pulumi/alicloud/ecs/disk";
import { DiskAttachment } from "@pulumi/alicloud/ecs/diskAttachment";
import { EcsAutoSnapshotPolicyAttachment } from "@pulumi/alicloud/ecs/ecsAutoSnapshotPolicyAttachment";
import { Instance } from "@pulumi/alicloud/ecs/instance";
import { SecurityGroup } from "@pulumi/alicloud/ecs/securityGroup";
import { SecurityGroupRule } from "@pulumi/alicloud/ecs/securityGroupRule";
import { getImagesOutput } from "@pulumi/alicloud/ecs/getImages";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { alicloudTags } from "../tags";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { createQdrantApiKey, KEEP_DATA, plannedQdrantHost, qdrantHostOutputs } from "../vector-database/qdrant-host";
import type { AlicloudSwitchRef } from "./network";
import { createAlicloudSecrets } from "./secrets";

/** Inputs of {@link createAlicloudQdrantHost}. */
export interface AlicloudQdrantHostArgs {
  /** The target's plan; `plan.vectorDatabase.host` decides everything below. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The target's host vSwitches, in plan order (the host uses `host.subnet.index`). */
  hostSwitches: AlicloudSwitchRef[];
  tags: Record<string, string>;
}

/** Builds the Qdrant host; children are named `<plan.vectorDatabase.names.logical>-<role>`. */
export function createAlicloudQdrantHost(args: AlicloudQdrantHostArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs {
  const { plan } = args;
  const { db, host } = plannedQdrantHost(plan, parent);
  const n = db.names.logical;
  const physical = db.names.physical;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const keep = KEEP_DATA;
  const tags = alicloudTags(args.tags);
  const vswitch = args.hostSwitches[host.subnet.index];
  if (!vswitch) throw targetError(plan, parent, `the vector database host needs host vSwitch ${host.subnet.index}, the network has ${args.hostSwitches.length}`);
  if (host.osImage.lookup !== "name-regex") throw targetError(plan, parent, `Alibaba Cloud images are found by name regex, the vector database host has lookup ${host.osImage.lookup}`);

  const key = createQdrantApiKey(n, host, parent);
  // OOS secret parameter + KMS key + RAM role: the same building block as the GPU hosts' secrets.
  const secrets = createAlicloudSecrets(n, { plan: { ...plan, names: db.names, secrets: [host.apiKey] }, secrets: [{ ...host.apiKey, value: pulumi.secret(key.result) }], tags: args.tags }, parent, provider);

  const sg = new SecurityGroup(
    `${n}-sg`,
    { vpcId: args.vpcId, securityGroupName: `${physical}-sg`, securityGroupType: "normal", innerAccessPolicy: "Drop", description: `${physical}: Qdrant from the VPC only`, tags },
    opts,
  );
  host.allowedCidrs.forEach((cidr, i) =>
    host.ports.forEach(
      (port) =>
        new SecurityGroupRule(
          `${n}-in-${i}-${port}`,
          { securityGroupId: sg.id, type: "ingress", ipProtocol: "tcp", portRange: `${port}/${port}`, cidrIp: cidr, nicType: "intranet", policy: "accept", priority: 1, description: `Qdrant ${port} from the VPC` },
          opts,
        ),
    ),
  );
  new SecurityGroupRule(
    `${n}-out-all`,
    { securityGroupId: sg.id, type: "egress", ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", nicType: "intranet", policy: "accept", priority: 1, description: "image pull, packages, secret store" },
    opts,
  );

  const imageId = getImagesOutput({ nameRegex: host.osImage.value, owners: "system", mostRecent: true, instanceType: host.instanceType }, { parent, provider }).images.apply((images) => {
    if (!images?.length) throw targetError(plan, parent, `no system image matches /${host.osImage.value}/ for ${host.instanceType} in ${plan.placement.region}`);
    return images[0]!.id;
  });
  const instance = new Instance(
    `${n}-host`,
    {
      instanceName: `${physical}-host`,
      imageId,
      instanceType: host.instanceType,
      vswitchId: vswitch.id,
      securityGroups: [sg.id],
      internetMaxBandwidthOut: 0,
      instanceChargeType: "PostPaid",
      systemDiskCategory: host.dataDisk.diskClass,
      systemDiskSize: host.systemDiskGb,
      systemDiskEncrypted: true,
      httpEndpoint: "enabled",
      httpTokens: host.metadataMode === "token-required" ? "required" : "optional",
      ...(secrets.ramRoleName ? { roleName: secrets.ramRoleName } : {}),
      userData: Buffer.from(host.userData, "utf8").toString("base64"),
      // the policies' GPU-fleet rules skip this CPU host by this tag (policies/rules/fleet.ts VECTOR_DB_ROLE_TAG)
      tags: { ...tags, "gpu-inference-role": "vector-database" },
    },
    // A newer Ubuntu image must not replace the host on every update; the data lives on the disk.
    { ...opts, ignoreChanges: ["imageId"] },
  );

  const disk = new Disk(
    `${n}-data`,
    {
      diskName: `${physical}-data`,
      zoneId: host.subnet.zone ?? vswitch.zoneId,
      category: host.dataDisk.diskClass,
      size: host.dataDisk.sizeGb,
      encrypted: host.dataDisk.encrypted,
      deleteWithInstance: false,
      deleteAutoSnapshot: host.dataDisk.deleteAutoSnapshots,
      enableAutoSnapshot: true,
      tags: { ...tags, [host.snapshotPolicy.targetTag.key]: host.snapshotPolicy.targetTag.value },
    },
    { ...opts, ...keep },
  );
  new DiskAttachment(`${n}-data-attach`, { diskId: disk.id, instanceId: instance.id, deleteWithInstance: false }, opts);

  const sp = host.snapshotPolicy;
  const policy = new AutoSnapshotPolicy(
    `${n}-snapshots`,
    {
      autoSnapshotPolicyName: `${physical}-daily`,
      // Alibaba's time points are UTC+8 hours (0-23); 03:00 UTC is 11.
      timePoints: [String((sp.hourUtc + 8) % 24)],
      repeatWeekdays: ["1", "2", "3", "4", "5", "6", "7"],
      retentionDays: sp.retentionDays,
      tags,
    },
    opts,
  );
  new EcsAutoSnapshotPolicyAttachment(`${n}-snapshots-attach`, { autoSnapshotPolicyId: policy.id, diskId: disk.id }, opts);

  return qdrantHostOutputs(db, host, instance.privateIp, key);
}
