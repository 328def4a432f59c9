/**
 * Qdrant on a private EC2 host beside an AWS `vm` target, mapped from `plan.vectorDatabase.host`:
 * a generated API key (SSM SecureString read by the host's instance profile, never in user-data),
 * a security group admitting 6333/6334 from the VPC CIDR only, a CPU instance without a public IP
 * and with IMDSv2 required, an encrypted gp3 data volume (`protect` + `retainOnDelete`) attached
 * to it, and a DLM lifecycle policy taking a daily snapshot of that volume (selected by tag) kept
 * `backup.retentionDays`.
 */
import * as pulumi from "@pulumi/pulumi";
import { LifecyclePolicy } from "@pulumi/aws/dlm/lifecyclePolicy";
import { Volume } from "@pulumi/aws/ebs/volume";
import { Instance } from "@pulumi/aws/ec2/instance";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup";
import { VolumeAttachment } from "@pulumi/aws/ec2/volumeAttachment";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import { SecurityGroupEgressRule } from "@pulumi/aws/vpc/securityGroupEgressRule";
import { SecurityGroupIngressRule } from "@pulumi/aws/vpc/securityGroupIngressRule";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";
import { awsTags } from "../tags";
import type { VectorDatabaseOutputs } from "../vector-database/helm";
import { createQdrantApiKey, KEEP_DATA, plannedQdrantHost, qdrantHostOutputs } from "../vector-database/qdrant-host";
import { awsPartition, createAwsSecrets } from "./secrets";
import { resolveAwsImage } from "./image";

/** Inputs of {@link createAwsQdrantHost}. */
export interface AwsQdrantHostArgs {
  /** The target's plan; `plan.vectorDatabase.host` decides everything below. */
  plan: TargetPlan;
  vpcId: pulumi.Input<string>;
  /** The target's host subnets, in plan order (the host uses `host.subnet.index`). */
  hostSubnetIds: pulumi.Input<string>[];
  tags: Record<string, string>;
}

/** Device name the data volume is attached as (Nitro instances expose it as an NVMe disk; the boot script finds it by shape). */
export const QDRANT_DATA_DEVICE = "/dev/sdf";

/** Builds the Qdrant host; children are named `<plan.vectorDatabase.names.logical>-<role>`. */
export function createAwsQdrantHost(args: AwsQdrantHostArgs, parent: pulumi.Resource, provider: pulumi.ProviderResource): VectorDatabaseOutputs {
  const { plan } = args;
  const { db, host } = plannedQdrantHost(plan, parent);
  const n = db.names.logical;
  const physical = db.names.physical;
  const opts: pulumi.CustomResourceOptions = { parent, provider };
  const keep = KEEP_DATA;
  const tags = (role: string) => awsTags(args.tags, physical, role);

  const key = createQdrantApiKey(n, host, parent);
  // The SSM parameter and the instance profile: the same building block as the GPU hosts' secrets.
  const secrets = createAwsSecrets(n, { plan: { ...plan, names: db.names, secrets: [host.apiKey] }, secrets: [{ ...host.apiKey, value: pulumi.secret(key.result) }], tags: args.tags }, parent, provider);

  const sg = new SecurityGroup(`${n}-sg`, { vpcId: args.vpcId, description: `${physical}: Qdrant from the VPC only`, tags: tags("sg") }, opts);
  host.allowedCidrs.forEach((cidr, i) =>
    host.ports.forEach(
      (port) => new SecurityGroupIngressRule(`${n}-from-vpc-${i}-${port}`, { securityGroupId: sg.id, cidrIpv4: cidr, ipProtocol: "tcp", fromPort: port, toPort: port, description: `Qdrant ${port} from the VPC` }, opts),
    ),
  );
  // Egress: the image pull, apt and the SSM endpoint (through the target's NAT gateway).
  new SecurityGroupEgressRule(`${n}-egress`, { securityGroupId: sg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1", description: "image pull, packages, SSM" }, opts);

  const subnetId = args.hostSubnetIds[host.subnet.index];
  if (subnetId === undefined) throw targetError(plan, parent, `the vector database host needs host subnet ${host.subnet.index}, the network has ${args.hostSubnetIds.length}`);
  const instance = new Instance(
    `${n}-host`,
    {
      ami: resolveAwsImage(host.osImage, parent, provider),
      instanceType: host.instanceType,
      subnetId,
      vpcSecurityGroupIds: [sg.id],
      associatePublicIpAddress: false,
      iamInstanceProfile: secrets.instanceProfileName,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: host.metadataMode === "token-required" ? "required" : "optional", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      rootBlockDevice: { volumeSize: host.systemDiskGb, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
      userData: host.userData,
      userDataReplaceOnChange: false,
      // the policies' GPU-fleet rules skip this CPU host by this tag (policies/rules/fleet.ts VECTOR_DB_ROLE_TAG)
      tags: { ...tags("host"), "gpu-inference-role": "vector-database" },
    },
    // A newer Ubuntu AMI must not replace the host on every update; the data lives on the volume.
    { ...opts, ignoreChanges: ["ami"] },
  );

  const volume = new Volume(
    `${n}-data`,
    {
      // The planned zone (stable across GPU changes when zones are pinned); an existing subnet's zone through the host.
      availabilityZone: host.subnet.zone ?? instance.availabilityZone,
      size: host.dataDisk.sizeGb,
      type: host.dataDisk.diskClass,
      encrypted: host.dataDisk.encrypted,
      tags: { ...tags("data"), [host.snapshotPolicy.targetTag.key]: host.snapshotPolicy.targetTag.value },
    },
    { ...opts, ...keep },
  );
  new VolumeAttachment(`${n}-data-attach`, { deviceName: QDRANT_DATA_DEVICE, volumeId: volume.id, instanceId: instance.id, stopInstanceBeforeDetaching: true }, opts);

  const { partition } = awsPartition(plan.placement.region);
  const dlmRole = new Role(
    `${n}-dlm-role`,
    {
      description: `DLM snapshots of ${physical}`,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "dlm.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      tags: tags("dlm-role"),
    },
    opts,
  );
  new RolePolicyAttachment(`${n}-dlm-policy`, { role: dlmRole.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole` }, opts);
  const sp = host.snapshotPolicy;
  new LifecyclePolicy(
    `${n}-snapshots`,
    {
      description: `${physical} daily data-disk snapshots`,
      executionRoleArn: dlmRole.arn,
      state: "ENABLED",
      policyDetails: {
        resourceTypes: ["VOLUME"],
        targetTags: { [sp.targetTag.key]: sp.targetTag.value },
        schedules: [
          {
            name: `daily-${sp.retentionDays}d`,
            createRule: { interval: 24, intervalUnit: "HOURS", times: `${String(sp.hourUtc).padStart(2, "0")}:00` },
            retainRule: { interval: sp.retentionDays, intervalUnit: "DAYS" },
            copyTags: true,
          },
        ],
      },
      tags: tags("snapshots"),
    },
    opts,
  );

  return qdrantHostOutputs(db, host, instance.privateIp, key);
}
