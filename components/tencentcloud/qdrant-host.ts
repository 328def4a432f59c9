/**
 * Qdrant on a private CVM host beside a Tencent Cloud `vm` target, mapped from
 * `plan.vectorDatabase.host`: a generated API key (an SSM secret read by the host's CAM role through
 * the same building block as the GPU hosts' secrets, never in user-data), a security group admitting
 * 6333/6334 from the VPC CIDR only (then DROP), a CPU instance with no public IP and no public
 * bandwidth in the target's first host subnet, an encrypted CBS data disk (`protect` +
 * `retainOnDelete`, not force-deleted) attached to it, and a daily automatic snapshot policy on that
 * disk keeping `backup.retentionDays`.
 *
 * Unverified (need a real account): the hour of `Cbs/snapshotPolicy` `repeatHours` is read as
 * China time (UTC+8, as on Alibaba Cloud): 03:00 UTC is sent as 11; the SDK only says "0 means 00:00".
 * CBS encryption (`encrypt: true`, the CBS default key) needs KMS activated in the region.
 */
import * as pulumi from "@pulumi/pulumi";
import { targetError } from "../adapter";
import { chooseUserDataEncoding, userDataBase64 } from "../bootstrap/user-data-encoding";
import type { TargetPlan } from "../plan/types";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { createQdrantApiKey, KEEP_DATA, plannedQdrantHost, qdrantHostOutputs } from "../vector-database/qdrant-host";
import { userDataTooLarge } from "./host-group";
import { firstImageId, IMAGES_TOKEN, type ImageListResult } from "./image";
import { TENCENTCLOUD_PLUGIN, thinInvoke } from "../providers/thin";
import { CbsSnapshotPolicy, CbsSnapshotPolicyAttachment, CbsStorage, CbsStorageAttachment } from "./resources/cbs";
import { Instance } from "./resources/cvm";
import { GroupRuleSet, SecurityGroup } from "./resources/security";
import { createTencentcloudSecrets } from "./secrets";
import { ALLOW_ALL_EGRESS, DROP_ALL_INGRESS } from "./security";

/** Hours Tencent's snapshot-policy clock is ahead of UTC (China time; unverified, see above). */
export const SNAPSHOT_POLICY_UTC_OFFSET_HOURS = 8;

/** Inputs of {@link createTencentcloudQdrantHost}. */
export interface TencentcloudQdrantHostArgs {
  /** The target's plan; `plan.vectorDatabase.host` decides everything below. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The target's host subnets, in plan order (the host uses `host.subnet.index`). */
  hostSubnetIds: pulumi.Input<string>[];
  /** Resources the host waits for (the default route to the NAT gateway: it pulls the image at boot). */
  egress: pulumi.Resource[];
  tags: Record<string, string>;
}

/**
 * Builds the Qdrant host; children are named `<plan.vectorDatabase.names.logical>-<role>`
 * (`-credential`, `-secret-vectorDbApiKey`(`-value`), `-host-role`, `-host-secrets`(`-attach`),
 * `-sg`, `-rules`, `-host`, `-data`, `-data-attach`, `-snapshots`, `-snapshots-attach`).
 * Throws a target error, before registering anything, when the plan has no host, the host subnet is
 * missing or has no known zone, the image look-up is not by name regex, or the user-data does not
 * fit Tencent's 16 KB even gzip-compressed.
 */
export function createTencentcloudQdrantHost(args: TencentcloudQdrantHostArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs {
  const { plan } = args;
  const { db, host } = plannedQdrantHost(plan, parent);
  const problems: string[] = [];
  const subnetId = args.hostSubnetIds[host.subnet.index];
  if (subnetId === undefined) problems.push(`the vector database host needs host subnet ${host.subnet.index}, the network has ${args.hostSubnetIds.length}`);
  const zone = host.subnet.zone;
  if (zone === null) problems.push("the vector database host and its disk need a known zone (state targets[].zones for an existing network)");
  if (host.osImage.lookup !== "name-regex") problems.push(`Tencent Cloud images are found by name regex, the vector database host has lookup ${host.osImage.lookup}`);
  const tooLarge = userDataTooLarge(host.userData);
  if (tooLarge) problems.push(`the vector database host's ${tooLarge}`);
  if (problems.length) throw targetError(plan, parent, problems.join("; "));
  const n = db.names.logical;
  const physical = db.names.physical;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const keep = KEEP_DATA;
  const tags = args.tags;

  const key = createQdrantApiKey(n, host, parent);
  // SSM secret + CAM role trusted by CVM, allowed ssm:GetSecretValue on this secret only.
  const secrets = createTencentcloudSecrets(n, { plan: { ...plan, names: db.names, secrets: [host.apiKey] }, secrets: [{ ...host.apiKey, value: pulumi.secret(key.result) }], tags }, parent, provider);

  const sg = new SecurityGroup(`${n}-sg`, { name: `${physical}-qdrant`, description: `${physical}: Qdrant from the VPC only`, tags }, opts);
  new GroupRuleSet(
    `${n}-rules`,
    {
      securityGroupId: sg.id,
      ingresses: [
        ...host.allowedCidrs.flatMap((cidr) => host.ports.map((port) => ({ action: "ACCEPT" as const, protocol: "TCP" as const, port: String(port), cidrBlock: cidr, description: `Qdrant ${port} from the VPC` }))),
        DROP_ALL_INGRESS,
      ],
      // image pull, packages, the SSM API and the metadata service
      egresses: [ALLOW_ALL_EGRESS],
    },
    opts,
  );

  const query = (regex: string) =>
    thinInvoke<ImageListResult>(TENCENTCLOUD_PLUGIN, IMAGES_TOKEN, { imageNameRegex: regex, imageTypes: ["PUBLIC_IMAGE"], instanceType: host.instanceType }, { parent, provider });
  const imageId = firstImageId(query, host.osImage.value, host.osImage.fallback, () =>
    targetError(plan, parent, `no public image matches /${host.osImage.value}/ for ${host.instanceType} in ${plan.placement.region}`),
  );
  const { encoding } = chooseUserDataEncoding("tencentcloud", host.userData);
  const instance = new Instance(
    `${n}-host`,
    {
      instanceName: `${physical}-host`,
      availabilityZone: zone!,
      imageId,
      instanceType: host.instanceType,
      vpcId: args.vpcId,
      subnetId,
      orderlySecurityGroups: [sg.id],
      allocatePublicIp: false,
      internetMaxBandwidthOut: 0,
      instanceChargeType: "POSTPAID_BY_HOUR",
      systemDiskType: host.dataDisk.diskClass,
      systemDiskSize: host.systemDiskGb,
      ...(encoding === "plain" ? { userDataRaw: host.userData } : { userData: userDataBase64(host.userData, "gzip") }),
      ...(secrets.camRoleName ? { camRoleName: secrets.camRoleName } : {}),
      // the policies' GPU-fleet rules skip this CPU host by this tag (policies/rules/fleet.ts VECTOR_DB_ROLE_TAG)
      tags: { ...tags, "gpu-inference-role": "vector-database" },
    },
    // A newer Ubuntu image must not replace the host on every update; the data lives on the disk.
    { ...opts, dependsOn: args.egress, ignoreChanges: ["imageId"] },
  );

  const disk = new CbsStorage(
    `${n}-data`,
    {
      storageName: `${physical}-data`,
      availabilityZone: zone!,
      storageType: host.dataDisk.diskClass,
      storageSize: host.dataDisk.sizeGb,
      encrypt: host.dataDisk.encrypted,
      chargeType: "POSTPAID_BY_HOUR",
      // a deleted disk goes to the recycle bin, not away at once
      forceDelete: false,
      tags: { ...tags, [host.snapshotPolicy.targetTag.key]: host.snapshotPolicy.targetTag.value },
    },
    { ...opts, ...keep },
  );
  new CbsStorageAttachment(`${n}-data-attach`, { storageId: disk.id, instanceId: instance.id }, opts);

  const sp = host.snapshotPolicy;
  const policy = new CbsSnapshotPolicy(
    `${n}-snapshots`,
    {
      snapshotPolicyName: `${physical}-daily`,
      repeatHours: [(sp.hourUtc + SNAPSHOT_POLICY_UTC_OFFSET_HOURS) % 24],
      repeatWeekdays: [0, 1, 2, 3, 4, 5, 6],
      retentionDays: sp.retentionDays,
    },
    opts,
  );
  new CbsSnapshotPolicyAttachment(`${n}-snapshots-attach`, { snapshotPolicyId: policy.id, storageId: disk.id }, opts);

  return qdrantHostOutputs(db, host, instance.privateIp, key);
}
