/**
 * Host security rules: no public IP on GPU hosts, hardened instance metadata (IMDSv2 / Alibaba
 * token mode), encrypted disks (and, advisory, where a provider cannot encrypt), and no
 * secret-looking values in user-data, container env or plain-text parameters.
 */
import { NO_CONTEXT, stackContext } from "./context";
import { targetOf } from "./fleet";
import { bool, list, num, str, userDataOf, USER_DATA_TYPES, type Props } from "./read";
import type { KitRule } from "./types";

/** Public-IP readers per type: a reason string when the resource gives a GPU host a public IP. */
const PUBLIC_IP: Record<string, (p: Props) => string | undefined> = {
  "aws:ec2/launchTemplate:LaunchTemplate": (p) => {
    const nics = list(p.networkInterfaces);
    if (!nics.length) return "no networkInterfaces: whether hosts get a public IP depends on the subnet's mapPublicIpOnLaunch";
    return nics.some((n) => bool(n.associatePublicIpAddress) === true) ? "networkInterfaces[].associatePublicIpAddress is true" : undefined;
  },
  "aws:ec2/instance:Instance": (p) => (bool(p.associatePublicIpAddress) === true ? "associatePublicIpAddress is true" : undefined),
  "aws:ec2/eip:Eip": (p) => (p.instance !== undefined || p.networkInterface !== undefined ? "an Elastic IP is attached to an instance" : undefined),
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": (p) => ((num(p.internetMaxBandwidthOut) ?? 0) > 0 ? `internetMaxBandwidthOut is ${p.internetMaxBandwidthOut}` : undefined),
  "alicloud:cs/nodePool:NodePool": (p) => ((num(p.internetMaxBandwidthOut) ?? 0) > 0 ? `internetMaxBandwidthOut is ${p.internetMaxBandwidthOut}` : undefined),
  "alicloud:ecs/instance:Instance": (p) => ((num(p.internetMaxBandwidthOut) ?? 0) > 0 ? `internetMaxBandwidthOut is ${p.internetMaxBandwidthOut}` : undefined),
  "alicloud:ecs/eipAssociation:EipAssociation": (p) => (str(p.instanceType) === "EcsInstance" || /^i-/.test(String(p.instanceId ?? "")) ? "an EIP is associated with an ECS instance" : undefined),
  "tencentcloud:Instance/instance:Instance": (p) => (bool(p.allocatePublicIp) === true || (num(p.internetMaxBandwidthOut) ?? 0) > 0 ? "allocatePublicIp / internetMaxBandwidthOut give the host a public IP" : undefined),
  "tencentcloud:As/scalingConfig:ScalingConfig": (p) => (bool(p.publicIpAssigned) === true ? "publicIpAssigned is true" : undefined),
  "volcengine:ecs/instance:Instance": (p) => (p.eipId !== undefined ? "the instance is created with an EIP" : undefined),
  "volcengine:eip/associate:Associate": (p) => (str(p.instanceType) === "EcsInstance" ? "an EIP is associated with an ECS instance" : undefined),
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": (p) => ((num(p.eipBandwidth) ?? 0) > 0 ? `eipBandwidth is ${p.eipBandwidth}` : undefined),
  "tencentcloud:Kubernetes/nodePool:NodePool": (p) => {
    const lc = (p.autoScalingConfig ?? {}) as Props;
    return bool(lc.publicIpAssigned) === true || (num(lc.internetMaxBandwidthOut) ?? 0) > 0 ? "autoScalingConfig.publicIpAssigned / internetMaxBandwidthOut give the nodes a public IP" : undefined;
  },
  "volcengine:vke/cluster:Cluster": (p) =>
    bool((p.clusterConfig as Props | undefined)?.resourcePublicAccessDefaultEnabled) === true ? "clusterConfig.resourcePublicAccessDefaultEnabled gives the nodes public access" : undefined,
};
export const noPublicIp: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_88", "CKV_TC_2", "InfraGuard rule:aliyun:ecs-instance-no-public-ip"], types: Object.keys(PUBLIC_IP) },
  policy: {
    name: "sec-no-public-ip-gpu-hosts",
    description: "GPU hosts get no public IP: they egress through the NAT gateway and serve through the load balancer.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Remove the public IP / bandwidth / EIP from the host; the kit's NAT gateway gives egress.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      const read = PUBLIC_IP[args.type];
      if (!read) return args.notApplicable("not a GPU host or host address");
      const why = read(args.props);
      if (why) report(`${args.name}: ${why}`);
    },
  },
};

/** Metadata token settings per type: the path to the token setting. */
const IMDS: Record<string, (p: Props) => unknown> = {
  "aws:ec2/launchTemplate:LaunchTemplate": (p) => (p.metadataOptions as Props | undefined)?.httpTokens,
  "aws:ec2/instance:Instance": (p) => (p.metadataOptions as Props | undefined)?.httpTokens,
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": (p) => p.httpTokens,
  "alicloud:ecs/instance:Instance": (p) => p.httpTokens,
};

/** Boot tools the plan says need plain metadata reads on this host's target; empty when none. */
function plainModeTools(name: string): string[] | undefined {
  const ctx = stackContext();
  if (!ctx) return undefined;
  const md = targetOf(name, ctx.plan)?.bootstrap.metadata;
  return md?.mode === "token-optional" ? md.plainModeTools : [];
}

export const imdsHardened: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_79", "CIS AWS 5.6"], types: Object.keys(IMDS) },
  policy: {
    name: "sec-imds-hardened",
    description: "Hosts require metadata tokens (IMDSv2 / Alibaba httpTokens required); Alibaba `optional` only where the plan's metadata facts name a boot tool that needs plain reads.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set httpTokens: required; on Alibaba Cloud keep `optional` only while the plan's bootstrap.metadata.plainModeTools is non-empty.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      const read = IMDS[args.type];
      if (!read) return args.notApplicable("no token-only metadata mode for this type");
      const tokens = read(args.props);
      if (tokens === "required") return;
      if (tokens === "optional" && args.type.startsWith("alicloud:")) {
        const tools = plainModeTools(args.name);
        if (tools === undefined) return report(`${args.name} sets httpTokens: optional and ${NO_CONTEXT}`);
        if (tools.length) return; // allowed; sec-imds-plain-reads reports it
        return report(`${args.name} sets httpTokens: optional but the plan's metadata facts name no boot tool that needs plain reads`);
      }
      report(`${args.name} does not require metadata tokens (httpTokens: ${tokens === undefined ? "unset, the cloud's default allows plain reads" : String(tokens)})`);
    },
  },
};

export const imdsPlainReads: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_79"], types: ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "alicloud:ecs/instance:Instance"] },
  policy: {
    name: "sec-imds-plain-reads",
    description: "Alibaba hosts that allow plain metadata reads because a boot tool needs them (allowed, but any process can then read the instance role's credentials).",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Replace the boot tool (auto_install script, aliyun CLI, ossutil) by one that sends the metadata token, then require tokens.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      if (!IMDS[args.type] || !args.type.startsWith("alicloud:")) return args.notApplicable("not an Alibaba host");
      if (args.props.httpTokens !== "optional") return;
      const tools = plainModeTools(args.name);
      if (tools?.length) report(`${args.name} allows plain metadata reads for ${tools.join(", ")} (plan bootstrap.metadata.plainModeTools)`);
    },
  },
};

/** Disk-encryption readers: the unencrypted disks of a resource (a data disk by its name, else its index in the list). */
const DISKS: Record<string, (p: Props) => string[]> = {
  "aws:ec2/launchTemplate:LaunchTemplate": (p) => {
    const maps = list(p.blockDeviceMappings);
    if (!maps.length) return ["root volume (no blockDeviceMappings: encryption left to the AMI and account default)"];
    return maps.filter((m) => bool((m.ebs as Props | undefined)?.encrypted) !== true).map((m) => `${String(m.deviceName ?? "volume")}`);
  },
  "aws:ec2/instance:Instance": (p) => (bool((p.rootBlockDevice as Props | undefined)?.encrypted) === true ? [] : ["root volume"]),
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": (p) => [
    ...(bool((p.systemDisk as Props | undefined)?.encrypted) === true ? [] : ["system disk"]),
    ...list(p.dataDisks).flatMap((d, i) => (bool(d.encrypted) === true ? [] : [`data disk ${String(d.name ?? i)}`])),
  ],
  "alicloud:ecs/instance:Instance": (p) => [...(bool(p.systemDiskEncrypted) === true ? [] : ["system disk"]), ...list(p.dataDisks).flatMap((d, i) => (bool(d.encrypted) === true ? [] : [`data disk ${String(d.name ?? i)}`]))],
  "alicloud:cs/nodePool:NodePool": (p) => [...(bool(p.systemDiskEncrypted) === true ? [] : ["system disk"]), ...list(p.dataDisks).flatMap((d, i) => (bool(d.encrypted) === true ? [] : [`data disk ${String(d.name ?? i)}`]))],
  "tencentcloud:Instance/instance:Instance": (p) => list(p.dataDisks).flatMap((d, i) => (bool(d.encrypt) === true ? [] : [`data disk ${String(d.dataDiskName ?? i)}`])),
  "tencentcloud:As/scalingConfig:ScalingConfig": (p) => list(p.dataDisks).flatMap((d, i) => (bool(d.encrypt) === true ? [] : [`data disk ${i}`])),
  "tencentcloud:Kubernetes/nodePool:NodePool": (p) => list((p.autoScalingConfig as Props | undefined)?.dataDisks).flatMap((d, i) => (bool(d.encrypt) === true ? [] : [`data disk ${i}`])),
  // the vector database's data beside a vm target: Qdrant's data disk, managed PostgreSQL storage
  "aws:ebs/volume:Volume": (p) => (bool(p.encrypted) === true ? [] : ["volume"]),
  "alicloud:ecs/disk:Disk": (p) => (bool(p.encrypted) === true ? [] : ["disk"]),
  "tencentcloud:Cbs/storage:Storage": (p) => (bool(p.encrypt) === true ? [] : ["disk"]),
  "alicloud:rds/instance:Instance": (p) => (typeof p.encryptionKey === "string" && p.encryptionKey !== "" && p.encryptionKey !== "disabled" ? [] : ["database storage (encryptionKey)"]),
  "tencentcloud:Postgresql/instance:Instance": (p) => (p.needSupportTde === 1 ? [] : ["database storage (needSupportTde)"]),
};
export const encryptedDisks: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_3", "CKV_AWS_8", "CKV_ALI_7", "Checkov tencentcloud CBSEncryption"], types: Object.keys(DISKS) },
  policy: {
    name: "sec-encrypted-disks",
    description: "System and data disks of GPU hosts are encrypted at rest.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set encrypted: true on every block device / system disk / data disk (the kit's adapters do by default).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      const read = DISKS[args.type];
      if (!read) return args.notApplicable("no disk settings on this type");
      const plain = read(args.props);
      if (plain.length) report(`${args.name}: unencrypted ${plain.join(", ")}`);
    },
  },
};

/** Where the provider binding cannot encrypt a disk: type → what it cannot encrypt. */
const UNENCRYPTABLE: Record<string, string> = {
  "tencentcloud:Instance/instance:Instance": "system disk (the tencentcloud_instance binding has no system-disk encryption input)",
  "tencentcloud:As/scalingConfig:ScalingConfig": "system disk (the scaling configuration has no system-disk encryption input)",
  "volcengine:ecs/instance:Instance": "system volume (the volcengine_ecs_instance binding has no volume encryption input)",
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": "volumes (the scaling configuration has no encryption input)",
  "tencentcloud:Kubernetes/nodePool:NodePool": "system disk (the node pool's autoScalingConfig has no system-disk encryption input; the model cache is on the encrypted data disk)",
  "volcengine:vke/nodePool:NodePool": "system and data volumes (vke.NodePoolNodeConfig volumes have no encryption input in pulumi-volcengine v0.0.47)",
};
export const diskEncryptionUnavailable: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_3"], types: Object.keys(UNENCRYPTABLE) },
  policy: {
    name: "sec-disk-encryption-unavailable",
    description: "Disks the provider cannot encrypt through the kit's bindings (reported so that the gap is visible, not hidden).",
    severity: "medium",
    enforcementLevel: "advisory",
    remediationSteps: "Use an encrypted custom image or the account's default encryption (KMS) where the cloud offers one; keep weights, not data, on these disks.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      const what = UNENCRYPTABLE[args.type];
      if (!what) return args.notApplicable("the provider can encrypt this type's disks");
      report(`${args.name}: the provider cannot encrypt the ${what}`);
    },
  },
};

/** Secret-looking values: name → pattern. */
export const SECRET_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ["AWS access key id", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["Alibaba Cloud AccessKey id", /\bLTAI[0-9A-Za-z]{12,24}\b/],
  ["Tencent Cloud SecretId", /\bAKID[0-9A-Za-z]{32}\b/],
  ["Volcano Engine AccessKey id", /\bAKL[TG][0-9A-Za-z]{20,}\b/],
  ["Hugging Face token", /\bhf_[A-Za-z0-9]{30,}\b/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["password", /\b[\w-]*(password|passwd|secret_key|api_key)[\w-]*\s*[=:]\s*["']?(?![$<{])[^\s"'$]{6,}/i],
];

/** The first secret-looking match in `text`, as `<kind>`. */
export function findSecret(text: string): string | undefined {
  return SECRET_PATTERNS.find(([, re]) => re.test(text))?.[0];
}

const CONTAINER_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:core/v1:Pod", "kubernetes:batch/v1:Job", "kubernetes:batch/v1:CronJob"];
function containerEnv(p: Props): string[] {
  const top = p.spec as Props | undefined;
  const pod = (s: Props | undefined) => (s?.template as Props | undefined)?.spec as Props | undefined;
  const spec = pod(((top?.jobTemplate as Props | undefined)?.spec as Props | undefined)) ?? pod(top) ?? top;
  return list((spec as Props | undefined)?.containers).flatMap((c) => list(c.env).filter((e) => e.value !== undefined).map((e) => `${String(e.name)}=${String(e.value)}`));
}
export const noPlaintextSecrets: KitRule = {
  meta: { category: "security", controls: ["CKV_AWS_46", "Checkov tencentcloud CVMUserData", "CKV_SECRET_*"], types: [...USER_DATA_TYPES, ...CONTAINER_TYPES, "aws:ssm/parameter:Parameter"] },
  policy: {
    name: "sec-no-plaintext-secrets",
    description: "No secret-looking value (cloud access keys, hf_ tokens, passwords, private keys) in user-data, container env or plain-text parameters.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Keep secrets in Pulumi secret config and the cloud's secret store (the kit fetches them at boot); never inline them.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
      if (args.type === "aws:ssm/parameter:Parameter") {
        if (args.props.type !== "SecureString" && findSecret(String(args.props.value ?? ""))) report(`${args.name} stores a secret-looking value as ${String(args.props.type)} (not SecureString)`);
        return;
      }
      const texts = CONTAINER_TYPES.includes(args.type) ? containerEnv(args.props) : USER_DATA_TYPES.includes(args.type) ? userDataOf(args.type, args.props) : undefined;
      if (!texts) return args.notApplicable("no user-data or container env");
      for (const t of texts) {
        const kind = findSecret(t);
        if (kind) return report(`${args.name} carries a ${kind} in ${CONTAINER_TYPES.includes(args.type) ? "container env" : "user-data"}`);
      }
    },
  },
};

/** The host security rules. */
export const HOST_RULES: readonly KitRule[] = [noPublicIp, imdsHardened, imdsPlainReads, encryptedDisks, diskEncryptionUnavailable, noPlaintextSecrets];
