/**
 * Instance metadata services of the four clouds, as data: where the service is, whether a session
 * token flow exists and how it works, and which tools the kit's boot scripts run that read metadata
 * on their own. The bootstrap renders its `md` helper from these facts, the planner decides the
 * metadata mode hosts must be launched with from them (`BootstrapPlan.metadata`), and the
 * deployability checks compare that mode with the recorded launch templates.
 */
import type { Cloud } from "../schema";
import type { Provenance } from "./verification";

/** A session-token flow (AWS IMDSv2 style): get a token, then send it on every read. */
export interface MetadataTokenFact extends Provenance {
  /** URL the token is requested from. */
  url: string;
  /** HTTP method of the token request. */
  method: "PUT" | "GET";
  /** Request header carrying the token's time to live, in seconds. */
  ttlHeader: string;
  /** Largest time to live the service accepts, seconds. */
  maxTtlSec: number;
  /** Header that carries the token on each metadata read. */
  header: string;
}

/** One cloud's metadata service. */
export interface MetadataServiceFact extends Provenance {
  /** Base URL of the metadata items: a read of item `x` is `GET <metaDataUrl>x`. */
  metaDataUrl: string;
  /** The token flow, or null when the cloud documents none (plain GETs only). */
  token: MetadataTokenFact | null;
  /**
   * Whether the cloud lets a launch template or instance refuse plain reads (token-only mode), and
   * whether the kit's adapter asks for it today (`kitRequiresToken`).
   */
  tokenOnlyMode: { available: boolean; kitRequiresToken: boolean } & Provenance;
  /** Minimum cloud-init in the image for token-only mode (else user-data itself cannot be read), or null. */
  tokenOnlyMinCloudInit: ({ version: string } & Provenance) | null;
  /** Path (relative to `metaDataUrl`) that returns the name of the instance's role, or null. */
  rolePath: string | null;
}

/** Token time to live the kit's `md` helper requests, seconds (each script fetches its own token). */
export const METADATA_TOKEN_TTL_SEC = 300;

/** The metadata service per cloud. */
export const METADATA_SERVICES: Record<Cloud, MetadataServiceFact> = {
  aws: {
    metaDataUrl: "http://169.254.169.254/latest/meta-data/",
    token: {
      url: "http://169.254.169.254/latest/api/token",
      method: "PUT",
      ttlHeader: "X-aws-ec2-metadata-token-ttl-seconds",
      maxTtlSec: 21600,
      header: "X-aws-ec2-metadata-token",
      source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
      status: "verified",
    },
    tokenOnlyMode: {
      available: true,
      kitRequiresToken: true,
      source: "components/aws/host-group.ts (launch template metadataOptions.httpTokens: required)",
      status: "verified",
    },
    tokenOnlyMinCloudInit: null,
    rolePath: "iam/security-credentials/",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    status: "verified",
  },
  alicloud: {
    metaDataUrl: "http://100.100.100.200/latest/meta-data/",
    token: {
      url: "http://100.100.100.200/latest/api/token",
      method: "PUT",
      ttlHeader: "X-aliyun-ecs-metadata-token-ttl-seconds",
      maxTtlSec: 21600,
      header: "X-aliyun-ecs-metadata-token",
      source: "https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata",
      status: "verified",
    },
    tokenOnlyMode: {
      available: true,
      // The launch template sets httpTokens: required; the planner may ask for optional instead
      // (BootstrapPlan.metadata.mode) while a tool without confirmed token support runs at boot.
      kitRequiresToken: true,
      source:
        "https://www.alibabacloud.com/help/en/ecs/user-guide/access-instance-metadata-using-hardened-only-mode; components/alicloud/host-group.ts (httpTokens: required)",
      status: "verified",
    },
    tokenOnlyMinCloudInit: {
      version: "23.2.2",
      // The page says so; whether today's ubuntu_22_04_x64_20G_alibase image ships >= 23.2.2 is not confirmed.
      source: "https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata (\"make sure that the cloud-init version on the instance is 23.2.2 or later\")",
      status: "verified",
    },
    rolePath: "ram/security-credentials/",
    source: "https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata",
    status: "verified",
  },
  tencentcloud: {
    metaDataUrl: "http://metadata.tencentyun.com/latest/meta-data/",
    // Tencent's metadata page (updated 2024-01-08) documents plain GETs only. A third-party security
    // cheat sheet mentions PUT /latest/api/token with X-tencent-cloud-metadata-token-ttl-seconds;
    // not confirmed in Tencent's docs, so the kit does not rely on it.
    token: null,
    tokenOnlyMode: {
      available: false,
      kitRequiresToken: false,
      source: "https://www.tencentcloud.com/document/product/213/4934; components/tencentcloud/host-group.ts (no metadata option)",
      status: "unverified",
    },
    tokenOnlyMinCloudInit: null,
    rolePath: "cam/security-credentials/",
    source: "https://www.tencentcloud.com/document/product/213/4934",
    status: "verified",
  },
  volcengine: {
    // The docs read items as http://100.96.0.96/latest/<item> (e.g. latest/instance_id); the kit
    // reads none on Volcano Engine today.
    metaDataUrl: "http://100.96.0.96/latest/",
    token: {
      url: "http://100.96.0.96/latest/api/token",
      // volcengine-go-sdk's EcsRoleProvider sends GET with these headers; third-party clients send PUT.
      method: "GET",
      ttlHeader: "X-volc-ecs-metadata-token-ttl-seconds",
      maxTtlSec: 21600,
      header: "X-volc-ecs-metadata-token",
      source: "github:volcengine/volcengine-go-sdk volcengine/credentials/ecs_role_provider.go (commit 624696a9)",
      status: "unverified",
    },
    tokenOnlyMode: {
      available: false,
      kitRequiresToken: false,
      source: "https://www.volcengine.com/docs/6396/113780 (plain GETs); components/volcengine/host-group.ts (no metadata option)",
      status: "unverified",
    },
    tokenOnlyMinCloudInit: null,
    rolePath: null,
    source: "https://www.volcengine.com/docs/6396/113780",
    status: "verified",
  },
};

/** A tool the boot scripts run that reads instance metadata itself (not through the kit's `md` helper). */
export interface MetadataClientFact extends Provenance {
  cloud: Cloud;
  /** Short name, e.g. `auto_install_v4.0.sh`. */
  tool: string;
  /** What it reads metadata for. */
  reads: string;
  /** `true`: sends the token; `false`: plain GETs only; `unknown`: not confirmed either way. */
  tokenCapable: boolean | "unknown";
}

/**
 * Tools that read metadata on their own, per cloud. A tool whose `tokenCapable` is not `true`
 * makes the planner ask for `token-optional` hosts whenever the bootstrap runs it.
 */
export const METADATA_CLIENTS = {
  /** Alibaba's GPU driver installer, downloaded at boot from the in-VPC mirror (`alicloud-auto-install`). */
  alicloudAutoInstall: {
    cloud: "alicloud",
    tool: "auto_install_v4.0.sh",
    reads: "mirror address (source-address) and instance details, as Alibaba's own snippet does",
    // Alibaba's user-data snippet that downloads it reads source-address with a plain curl; the
    // downloaded script itself is not published where it could be read.
    tokenCapable: "unknown",
    source:
      "Alibaba Cloud 'Create an instance equipped with NVIDIA GPUs' user-data sample; github:aliyun-computenest/quickstart-LobeChat lobe-chat-gpu/init_gpu.sh (plain curl of meta-data/source-address)",
    status: "unverified",
  },
  /** Aliyun CLI `--mode EcsRamRole` (secrets from OOS). */
  aliyunCli: {
    cloud: "alicloud",
    tool: "aliyun CLI (EcsRamRole)",
    reads: "RAM role credentials",
    tokenCapable: "unknown",
    source: "not confirmed: no Alibaba page or aliyun-cli source read from here (the kit installs the latest release, unpinned)",
    status: "unverified",
  },
  /** ossutil 1.7.15 `--mode EcsRamRole` (weights from OSS). */
  ossutil: {
    cloud: "alicloud",
    tool: "ossutil 1.7.15 (EcsRamRole)",
    reads: "RAM role credentials",
    tokenCapable: "unknown",
    source: "not confirmed: no Alibaba page or ossutil source read from here (1.7.15 is the version the kit pins)",
    status: "unverified",
  },
  /** AWS CLI v2 (secrets from SSM, weights from S3): IMDSv2 since 1.16.289. */
  awsCli: {
    cloud: "aws",
    tool: "AWS CLI v2",
    reads: "instance profile credentials and region",
    tokenCapable: true,
    source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/use-a-supported-sdk-version-for-imdsv2.html (AWS CLI 1.16.289)",
    status: "verified",
  },
} as const satisfies Record<string, MetadataClientFact>;
