/**
 * The boot-time secret fetch (`/usr/local/lib/gpukit/secrets.sh`, an `ExecStartPre` of the engine
 * unit). It reads each secret from the cloud's secret store by name with the instance's role and
 * writes `/run/gpukit/secrets.env` (tmpfs, mode 0600) for `docker run --env-file`, and registry
 * credentials to `/run/gpukit/registry.env` (same mode, read only by the `docker login` in
 * `prestart.sh`). On Alibaba Cloud the RAM role name is read through the `md` metadata helper (token
 * flow); on Tencent Cloud the CAM role's temporary credentials too, and SSM is called by a TC3 signer
 * in bash (`tencent-ssm.ts`); on Volcano Engine the IAM role's credentials and KMS `GetSecretValue` signed in
 * bash (`volcengine-secrets.ts`). Secret values never appear in user-data: the renderer only knows the store names.
 */
import type { Cloud } from "../../catalog/schema";
import { METADATA_HELPER, metadataHelper } from "./metadata";
import { REGISTRY_ENV_FILE } from "./registry-login";
import { tencentSsmFetcher } from "./tencent-ssm";
import { volcengineSecretsFetcher } from "./volcengine-secrets";
import { assertEnvName, shellQuote } from "./shell";

/** Env file the secrets are written to: on `/run` (tmpfs, gone at power-off), mode 0600. */
export const SECRETS_ENV_FILE = "/run/gpukit/secrets.env";

/** Aliyun CLI tarball on Alibaba's CDN (latest release; the URL Alibaba documents, not pinned). */
export const ALIYUN_CLI_URL = "https://aliyuncli.alicdn.com/aliyun-cli-linux-latest-amd64.tgz";

/** Alibaba ECS metadata item (below `meta-data/`) returning the instance's RAM role name. */
export const ALICLOUD_ROLE_ITEM = "ram/security-credentials/";

/** One secret to fetch at boot. */
export interface BootSecret {
  /** Environment variable the engine reads. */
  envVar: string;
  /**
   * Logical secret name in the stack. `hubToken` and `apiKey` go to the engine's env file;
   * `registryUsername` and `registryPassword` to the registry env file (see `registry-login.ts`).
   */
  secret: "hubToken" | "apiKey" | "registryUsername" | "registryPassword";
  /** Name in the cloud's secret store, from `secretStoreName` (no leading `/`). */
  storeName: string;
}

/** Whether a boot secret is a registry credential (kept out of the engine's environment). */
export function isRegistrySecret(s: BootSecret): boolean {
  return s.secret === "registryUsername" || s.secret === "registryPassword";
}

/** Clouds whose secret store the kit can read at boot (AWS SSM Parameter Store, Alibaba OOS, Tencent SSM, Volcano Engine KMS secrets). */
export const SECRET_STORE_CLOUDS: readonly Cloud[] = ["aws", "alicloud", "tencentcloud", "volcengine"];

/** Shell lines that define `g NAME` (prints the secret's value) for `cloud`. */
export function fetcher(cloud: Cloud, region: string): string[] {
  const r = shellQuote(region);
  if (cloud === "aws") {
    // The DLAMI ships the AWS CLI v2; a plain Ubuntu AMI gets it from the snap store.
    return [
      'PATH="$PATH:/snap/bin"',
      "command -v aws >/dev/null || snap install aws-cli --classic",
      `g() { aws ssm get-parameter --region ${r} --name "/$1" --with-decryption --query Parameter.Value --output text; }`,
    ];
  }
  if (cloud === "tencentcloud") return tencentSsmFetcher(region);
  if (cloud === "volcengine") return volcengineSecretsFetcher(region);
  return [
    `command -v aliyun >/dev/null || curl -fsSL --retry 5 ${ALIYUN_CLI_URL} | tar -xzC /usr/local/bin aliyun`,
    ...metadataHelper(cloud),
    `R=$(${METADATA_HELPER} ${ALICLOUD_ROLE_ITEM} | head -1)`,
    `g() { aliyun oos GetSecretParameter --mode EcsRamRole --ram-role-name "$R" --region ${r} --RegionId ${r} --Name "$1" --WithDecryption true |`,
    `  python3 -c 'import json,sys; print(json.load(sys.stdin)["Parameter"]["Value"])'; }`,
  ];
}

/**
 * Renders `secrets.sh` for `secrets` on `cloud`, or `null` when there is nothing to fetch.
 * Throws for clouds without a secret store in the kit (none today; kept for a new cloud).
 */
export function renderSecretsScript(cloud: Cloud, region: string, secrets: readonly BootSecret[]): string | null {
  if (secrets.length === 0) return null;
  if (!SECRET_STORE_CLOUDS.includes(cloud)) {
    throw new Error(
      `secrets are not yet supported on ${cloud}: no secret store resource is in the kit's provider reference; ` +
        `remove ${secrets.map((s) => s.secret).join(", ")} from the target or deploy it to ${SECRET_STORE_CLOUDS.join(" or ")}`,
    );
  }
  const lines = [
    "#!/bin/bash",
    "# Fetch the engine's secrets from the cloud's secret store into a tmpfs env file (0600).",
    "set -euo pipefail",
    "umask 077",
    ...fetcher(cloud, region),
  ];
  // engine secrets → SECRETS_ENV_FILE ($F, given to docker run); registry credentials → REGISTRY_ENV_FILE ($G, login only)
  const files = [
    { v: "F", path: SECRETS_ENV_FILE, items: secrets.filter((s) => !isRegistrySecret(s)) },
    { v: "G", path: REGISTRY_ENV_FILE, items: secrets.filter(isRegistrySecret) },
  ].filter((f) => f.items.length > 0);
  for (const f of files) lines.push(`${f.v}=${f.path}`, `mkdir -p "\${${f.v}%/*}"`, `: >"$${f.v}.tmp"`);
  for (const f of files) {
    for (const s of f.items) {
      lines.push(
        `v=$(g ${shellQuote(s.storeName.replace(/^\/+/, ""))})`,
        `case $v in *$'\\n'*|'') echo "gpukit: ${s.secret} is empty or multi-line" >&2; exit 1;; esac`,
        `printf '%s=%s\\n' ${assertEnvName(s.envVar)} "$v" >>"$${f.v}.tmp"`,
      );
    }
  }
  for (const f of files) lines.push(`mv -f "$${f.v}.tmp" "$${f.v}"`);
  return `${lines.join("\n")}\n`;
}
