/**
 * Instance metadata reads in the boot scripts: one shell helper, `md ITEM`, rendered once into each
 * script that reads metadata, which does the cloud's token flow where the kit relies on one (AWS
 * IMDSv2, Alibaba Cloud hardened mode) and a plain GET elsewhere. Also decides the metadata mode the
 * hosts must be launched with ({@link planMetadata}), from the facts in `catalog/facts/metadata.ts`.
 */
import type { Cloud } from "../../catalog/schema";
import { METADATA_CLIENTS, METADATA_SERVICES, METADATA_TOKEN_TTL_SEC, type MetadataClientFact } from "../../catalog/facts/metadata";
import type { BootstrapPlan, GpuImageStrategy } from "../types/host";
import { shellQuote } from "./shell";

/** Name of the shell function that reads one metadata item: `md ram/security-credentials/`. */
export const METADATA_HELPER = "md";

/** Whether the kit's helper sends a token on `cloud`: only where the token flow is confirmed in the vendor's docs. */
export function helperUsesToken(cloud: Cloud): boolean {
  return METADATA_SERVICES[cloud].token?.status === "verified";
}

/**
 * Shell lines defining `md ITEM` for `cloud`: prints metadata item ITEM (a path below the cloud's
 * `meta-data/` URL) and fails (curl `-f`) on any HTTP error. With a token flow, each call requests
 * a {@link METADATA_TOKEN_TTL_SEC}-second token with a PUT and sends it on the GET.
 */
export function metadataHelper(cloud: Cloud): string[] {
  const svc = METADATA_SERVICES[cloud];
  const get = `"${svc.metaDataUrl}$1"`;
  if (!helperUsesToken(cloud) || !svc.token) {
    return [`${METADATA_HELPER}() { curl -fsS --retry 5 ${get}; }`];
  }
  const t = svc.token;
  const ttl = shellQuote(`${t.ttlHeader}: ${METADATA_TOKEN_TTL_SEC}`);
  return [
    `# instance metadata with a session token (${cloud} token-only mode refuses plain GETs)`,
    `${METADATA_HELPER}() {`,
    "  local t",
    `  t=$(curl -fsS --retry 5 -X ${t.method} -H ${ttl} ${t.url})`,
    `  curl -fsS --retry 5 -H "${t.header}: $t" ${get}`,
    "}",
  ];
}

/** What the bootstrap runs that matters for the metadata mode. */
export interface MetadataUse {
  cloud: Cloud;
  strategy: GpuImageStrategy;
  /** secrets.sh runs (a secret-store CLI reads role credentials from metadata). */
  secrets: boolean;
  /** stage.sh runs (an object-storage CLI reads role credentials from metadata). */
  stage: boolean;
  /** Every rendered script, to find the metadata reads they make. */
  scripts: readonly string[];
}

/** Third-party tools the bootstrap runs that read metadata themselves. */
function metadataClients(u: MetadataUse): MetadataClientFact[] {
  const c = METADATA_CLIENTS;
  if (u.cloud === "alicloud") {
    return [
      ...(u.strategy === "alicloud-auto-install" ? [c.alicloudAutoInstall] : []),
      ...(u.secrets ? [c.aliyunCli] : []),
      ...(u.stage ? [c.ossutil] : []),
    ];
  }
  if (u.cloud === "aws") return u.secrets || u.stage ? [c.awsCli] : [];
  return [];
}

/** Host part of a metadata URL, e.g. `100.100.100.200`. */
function metadataHost(cloud: Cloud): string {
  return new URL(METADATA_SERVICES[cloud].metaDataUrl).host;
}

/**
 * The metadata part of the bootstrap plan: the mode the hosts must be launched with, what the
 * scripts read and whether every read sends a token. Returns the plan field and warnings.
 *
 * Mode: `token-required` where the cloud has a token-only mode the kit uses (AWS, Alibaba Cloud) and
 * nothing the bootstrap runs reads metadata without a token; `token-optional` otherwise: on Tencent
 * Cloud and Volcano Engine (no token-only mode in the kit), and on Alibaba Cloud while a tool whose
 * token support is unconfirmed runs at boot (auto_install_v4.0.sh, aliyun CLI, ossutil). Adapters
 * map `token-required` to `httpTokens: required` and `token-optional` to `optional`.
 */
export function planMetadata(u: MetadataUse): { metadata: BootstrapPlan["metadata"]; warnings: string[] } {
  const svc = METADATA_SERVICES[u.cloud];
  const host = metadataHost(u.cloud);
  const reads = new Set<string>();
  let plainReads = 0;
  const call = new RegExp(`(?:^|[\\s($])${METADATA_HELPER} ([^\\s|)"]+)`, "g");
  const helper = new Set(metadataHelper(u.cloud));
  for (const script of u.scripts) {
    for (const line of script.split("\n")) {
      if (helper.has(line)) continue;
      for (const m of line.matchAll(call)) reads.add(m[1]!);
      // any other mention of the metadata host is a read that bypasses the helper
      if (line.includes(host)) plainReads++;
    }
  }
  const clients = metadataClients(u);
  const unconfirmed = clients.filter((c) => c.tokenCapable !== true);
  const tokenOnly = svc.tokenOnlyMode.available && svc.tokenOnlyMode.kitRequiresToken;
  const scriptsUseToken = plainReads === 0 && (reads.size === 0 || helperUsesToken(u.cloud));
  const mode = tokenOnly && scriptsUseToken && unconfirmed.length === 0 ? "token-required" : "token-optional";
  const warnings: string[] = [];
  if (tokenOnly && mode === "token-optional") {
    warnings.push(
      `${u.cloud} hosts must allow plain metadata reads (httpTokens: optional): ${unconfirmed.map((c) => c.tool).join(", ")} ` +
        `run at boot and reading metadata with a token is not confirmed for them; any process on the host (an engine fetching a user-supplied URL included) ` +
        `can then read the instance role's credentials without a token. The kit's own scripts always send the token.`,
    );
  }
  return {
    metadata: {
      endpoint: svc.metaDataUrl,
      mode,
      tokenFlow: helperUsesToken(u.cloud),
      scriptsUseToken,
      reads: [...reads].sort(),
      plainModeTools: unconfirmed.map((c) => c.tool),
      minCloudInit: mode === "token-required" ? (svc.tokenOnlyMinCloudInit?.version ?? null) : null,
      source: svc.token?.source ?? svc.source,
    },
    warnings,
  };
}
