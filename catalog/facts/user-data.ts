/**
 * How much user-data each cloud accepts, and that cloud-init reads gzip-compressed user-data: the
 * plan measures the hosts' user-data against these limits (every cloud measures differently: raw
 * bytes or the base64 text) and compresses it when that is what makes it fit, so the offline plan
 * fails where the cloud API would refuse the launch.
 */
import type { Cloud } from "../schema";
import type { Provenance } from "./verification";

/** A cloud's user-data limit. */
export interface UserDataLimitFact extends Provenance {
  /** Most bytes the API accepts. */
  limitBytes: number;
  /** What the limit counts: the raw user-data bytes, or the base64 text sent in the API call. */
  measured: "raw" | "base64";
}

/** User-data limit per cloud. */
export const USER_DATA_LIMITS: Readonly<Record<Cloud, UserDataLimitFact>> = {
  aws: {
    limitBytes: 16 * 1024,
    measured: "raw",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html (\"limited to 16 KB, in raw form, before it is base64-encoded\"); reference/engines.md §3.2",
    status: "verified",
  },
  alicloud: {
    limitBytes: 32 * 1024,
    measured: "raw",
    source: "ECS RunInstances / launch template UserData: 32 KB before Base64 (reference/real-path-review/aws-alicloud.md, \"under the 16 KB / 32 KB limits\"; the API page itself not read here)",
    status: "unverified",
  },
  tencentcloud: {
    limitBytes: 16 * 1024,
    measured: "base64",
    source: "pulumi-tencentcloud Instance userData/userDataRaw: \"Up to 16 KB after base64 encoded\" (reference/providers-and-catalog.md; reference/real-path-review/tencent-volcengine.md)",
    status: "verified",
  },
  volcengine: {
    limitBytes: 16 * 1024,
    measured: "raw",
    source: "https://docs.byteplus.com/id/docs/ecs/Configuring-custom-data (16 KB before base64); reference/real-path-review/tencent-volcengine.md",
    status: "verified",
  },
};

/** cloud-init decompresses gzip user-data before reading it, on every datasource. */
export const CLOUD_INIT_READS_GZIP: Provenance = {
  source:
    "cloud-init docs, User-data formats: \"Gzip compressed content: content found to be gzip compressed will be uncompressed … useful because user-data size may be limited\"; cloudinit/user_data.py convert_string → util.decomp_gzip (cloud-init 22.4.2, the version the tests run)",
  status: "verified",
};
