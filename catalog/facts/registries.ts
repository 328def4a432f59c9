/**
 * Container registries as data: which public registries a host in mainland China cannot rely on,
 * and each cloud's own registries (with their VPC-only endpoints). The planner refuses a mainland
 * target whose engine image would come from an unreachable registry
 * (`components/plan/registry.ts`), and the deployability checks read the same table.
 */
import type { Cloud } from "../schema";
import type { Provenance } from "./verification";

/** Reachability of a registry from hosts in mainland-China regions. */
export type MainlandReachability = "yes" | "unreliable" | "no";

/** A public registry outside the clouds' own. */
export interface PublicRegistryFact extends Provenance {
  /** Registry host as it appears in image references (`docker.io` for bare names like `vllm/vllm-openai`). */
  host: string;
  /** Other hosts serving the same registry. */
  aliases: string[];
  fromMainland: MainlandReachability;
}

/** Public registries the kit's engines pull from, and how they behave from mainland China. */
export const PUBLIC_REGISTRIES: readonly PublicRegistryFact[] = [
  {
    host: "docker.io",
    aliases: ["registry-1.docker.io", "index.docker.io", "registry.hub.docker.com"],
    fromMainland: "no",
    source:
      "/work/shared/reference/engines.md §3.3 China egress notes (Docker Hub pulls from mainland China are unreliable; mirror into ACR/TCR/CR); https://oecent.net/blog/2025-07-16-why-docker-pull-slow-in-china (blocked since June 2024)",
    status: "unverified",
  },
  {
    host: "ghcr.io",
    aliases: ["pkg-containers.githubusercontent.com"],
    fromMainland: "unreliable",
    source: "/work/shared/reference/engines.md §3.3 (GitHub endpoints unreliable from mainland China; community mirror demand)",
    status: "unverified",
  },
  {
    host: "nvcr.io",
    aliases: [],
    fromMainland: "unreliable",
    source: "/work/shared/reference/engines.md §3.3 (mirror images into ACR, TCR or CR); no first-party statement",
    status: "unverified",
  },
  {
    host: "quay.io",
    aliases: [],
    fromMainland: "unreliable",
    source: "/work/shared/reference/engines.md §3.3; no first-party statement",
    status: "unverified",
  },
];

/** One of a cloud's own registry endpoints. */
export interface CloudRegistryFact extends Provenance {
  cloud: Cloud;
  /** Product, e.g. `ACR Personal Edition`. */
  product: string;
  /** Host pattern; `{region}` stands for the region id, `*` for one DNS label (instance name, account). */
  pattern: string;
  /** Reachable only from the cloud's own VPCs in that region (VPC endpoint). */
  vpcOnly: boolean;
}

/** Source of endpoint patterns taken from the issue and the review rather than read in the vendor's docs. */
const FROM_REVIEW = "endpoint naming as given in the issue-7 brief and real-path review #3; vendor page not read from here";

/** The clouds' registries (public endpoints are reachable from any mainland region over the internet). */
export const CLOUD_REGISTRIES: readonly CloudRegistryFact[] = [
  { cloud: "alicloud", product: "ACR Personal Edition", pattern: "registry.{region}.aliyuncs.com", vpcOnly: false, source: FROM_REVIEW, status: "unverified" },
  { cloud: "alicloud", product: "ACR Personal Edition (VPC)", pattern: "registry-vpc.{region}.aliyuncs.com", vpcOnly: true, source: FROM_REVIEW, status: "unverified" },
  { cloud: "alicloud", product: "ACR Enterprise Edition", pattern: "*-registry.{region}.cr.aliyuncs.com", vpcOnly: false, source: FROM_REVIEW, status: "unverified" },
  { cloud: "alicloud", product: "ACR Enterprise Edition (VPC)", pattern: "*-registry-vpc.{region}.cr.aliyuncs.com", vpcOnly: true, source: FROM_REVIEW, status: "unverified" },
  { cloud: "tencentcloud", product: "TCR Personal Edition (CCR)", pattern: "ccr.ccs.tencentyun.com", vpcOnly: false, source: FROM_REVIEW, status: "unverified" },
  { cloud: "tencentcloud", product: "TCR Enterprise Edition", pattern: "*.tencentcloudcr.com", vpcOnly: false, source: FROM_REVIEW, status: "unverified" },
  { cloud: "volcengine", product: "Container Registry (CR)", pattern: "*-{region}.cr.volces.com", vpcOnly: false, source: FROM_REVIEW, status: "unverified" },
  { cloud: "aws", product: "ECR", pattern: "*.dkr.ecr.{region}.amazonaws.com", vpcOnly: false, source: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html (<account>.dkr.ecr.<region>.amazonaws.com)", status: "unverified" },
  { cloud: "aws", product: "ECR (China partition)", pattern: "*.dkr.ecr.{region}.amazonaws.com.cn", vpcOnly: false, source: FROM_REVIEW, status: "unverified" },
];

/** Registry host of an image reference: its first component when that has a `.` or `:` or is `localhost`, else `docker.io`. */
export function registryHost(image: string): string {
  const first = image.split("/")[0] ?? "";
  if (image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) return first.toLowerCase();
  return "docker.io";
}

/** The public-registry fact for `host` (matching aliases too), if any. */
export function publicRegistry(host: string): PublicRegistryFact | undefined {
  const h = host.replace(/:\d+$/, "");
  return PUBLIC_REGISTRIES.find((r) => r.host === h || r.aliases.includes(h));
}

/** The cloud-registry fact whose pattern `host` matches, with the region it names (if the pattern has one). */
export function cloudRegistry(host: string): { fact: CloudRegistryFact; region: string | null } | undefined {
  const h = host.replace(/:\d+$/, "");
  for (const fact of CLOUD_REGISTRIES) {
    const source = fact.pattern
      .split(/(\{region\}|\*)/)
      .map((part) => (part === "{region}" ? "([a-z0-9-]+)" : part === "*" ? "[a-z0-9-]+?" : part.replace(/[.]/g, "\\.")))
      .join("");
    const m = new RegExp(`^${source}$`).exec(h);
    if (m) return { fact, region: fact.pattern.includes("{region}") ? (m[1] ?? null) : null };
  }
  return undefined;
}
