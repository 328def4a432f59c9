/**
 * The boot-time secret fetch (`/usr/local/lib/gpukit/secrets.sh`, an `ExecStartPre` of the engine
 * unit). It reads each secret from the cloud's secret store by name with the instance's role and
 * writes `/run/gpukit/secrets.env` (tmpfs, mode 0600) for `docker run --env-file`. Secret values
 * never appear in user-data: the renderer only knows the store names.
 */
import type { Cloud } from "../../catalog/schema";
import { assertEnvName, shellQuote } from "./shell";

/** Env file the secrets are written to: on `/run` (tmpfs, gone at power-off), mode 0600. */
export const SECRETS_ENV_FILE = "/run/gpukit/secrets.env";

/** Aliyun CLI tarball on Alibaba's CDN (latest release; the URL Alibaba documents, not pinned). */
export const ALIYUN_CLI_URL = "https://aliyuncli.alicdn.com/aliyun-cli-linux-latest-amd64.tgz";

/** Alibaba ECS metadata path returning the instance's RAM role name. */
export const ALICLOUD_ROLE_URL = "http://100.100.100.200/latest/meta-data/ram/security-credentials/";

/** One secret to fetch at boot. */
export interface BootSecret {
  /** Environment variable the engine reads. */
  envVar: string;
  /** Logical secret name in the stack. */
  secret: "hubToken" | "apiKey";
  /** Name in the cloud's secret store, from `secretStoreName` (no leading `/`). */
  storeName: string;
}

/** Clouds whose secret store the kit can read at boot (AWS SSM Parameter Store, Alibaba OOS). */
export const SECRET_STORE_CLOUDS: readonly Cloud[] = ["aws", "alicloud"];

/** Shell lines that define `g NAME` (prints the secret's value) for `cloud`. */
function fetcher(cloud: Cloud, region: string): string[] {
  const r = shellQuote(region);
  if (cloud === "aws") {
    // The DLAMI ships the AWS CLI v2; a plain Ubuntu AMI gets it from the snap store.
    return [
      'PATH="$PATH:/snap/bin"',
      "command -v aws >/dev/null || snap install aws-cli --classic",
      `g() { aws ssm get-parameter --region ${r} --name "/$1" --with-decryption --query Parameter.Value --output text; }`,
    ];
  }
  return [
    `command -v aliyun >/dev/null || curl -fsSL --retry 5 ${ALIYUN_CLI_URL} | tar -xzC /usr/local/bin aliyun`,
    `R=$(curl -fsS --retry 5 ${ALICLOUD_ROLE_URL} | head -1)`,
    `g() { aliyun oos GetSecretParameter --mode EcsRamRole --ram-role-name "$R" --region ${r} --RegionId ${r} --Name "$1" --WithDecryption true |`,
    `  python3 -c 'import json,sys; print(json.load(sys.stdin)["Parameter"]["Value"])'; }`,
  ];
}

/**
 * Renders `secrets.sh` for `secrets` on `cloud`, or `null` when there is nothing to fetch.
 * Throws for clouds without a secret store in the kit (Tencent Cloud, Volcano Engine).
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
    `F=${SECRETS_ENV_FILE}`,
    'mkdir -p "${F%/*}"',
    ': >"$F.tmp"',
  ];
  for (const s of secrets) {
    lines.push(
      `v=$(g ${shellQuote(s.storeName.replace(/^\/+/, ""))})`,
      `case $v in *$'\\n'*|'') echo "gpukit: ${s.secret} is empty or multi-line" >&2; exit 1;; esac`,
      `printf '%s=%s\\n' ${assertEnvName(s.envVar)} "$v" >>"$F.tmp"`,
    );
  }
  lines.push('mv -f "$F.tmp" "$F"');
  return `${lines.join("\n")}\n`;
}
