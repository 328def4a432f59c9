/**
 * User-data of the private Qdrant host beside a `vm` target (a bash script cloud-init runs once):
 * install Docker, wait for the data disk, format it only when it holds no filesystem (never over
 * data), mount it at `/qdrant/storage` by UUID, and run the pinned Qdrant image as a systemd unit
 * whose `ExecStartPre` fetches the API key from the cloud's secret store (the same `g NAME` fetcher
 * and `md` metadata helper the GPU hosts use) into a tmpfs env file. The API key never appears in
 * user-data: only its store name does. Snapshots Qdrant takes go to the data disk too.
 */
import type { Cloud } from "../../catalog/schema";
import { fetcher } from "./secrets";
import { assertEnvName, shellQuote } from "./shell";

/** Where the data disk is mounted on the host and inside the container. */
export const QDRANT_STORAGE_PATH = "/qdrant/storage";
/** Env file of the Qdrant container (tmpfs, 0600). */
export const QDRANT_ENV_FILE = "/run/gpukit/qdrant.env";
/** Environment variable Qdrant reads its API key from (config `service.api_key`). */
export const QDRANT_API_KEY_ENV = "QDRANT__SERVICE__API_KEY";

/** Inputs of {@link renderQdrantUserData}. */
export interface QdrantUserDataInput {
  cloud: Cloud;
  region: string;
  /** Image to run (the mirror copy on targets with a registry mirror). */
  image: string;
  /** Secret-store name of the API key (no leading `/`). */
  apiKeyStoreName: string;
  /** Ports published on the host (HTTP, gRPC). */
  ports: readonly number[];
}

/** Renders the user-data script. Pure: the same input always gives the same script. */
export function renderQdrantUserData(i: QdrantUserDataInput): string {
  const env = assertEnvName(QDRANT_API_KEY_ENV);
  const fetch = [
    "#!/bin/bash",
    "set -euo pipefail",
    "umask 077",
    ...fetcher(i.cloud, i.region),
    `v=$(g ${shellQuote(i.apiKeyStoreName.replace(/^\/+/, ""))})`,
    `case $v in *$'\\n'*|'') echo "gpukit: the Qdrant API key is empty or multi-line" >&2; exit 1;; esac`,
    `mkdir -p ${shellQuote(QDRANT_ENV_FILE.slice(0, QDRANT_ENV_FILE.lastIndexOf("/")))}`,
    `printf '%s=%s\\n' ${env} "$v" >${shellQuote(QDRANT_ENV_FILE)}.tmp`,
    `mv -f ${shellQuote(QDRANT_ENV_FILE)}.tmp ${shellQuote(QDRANT_ENV_FILE)}`,
  ].join("\n");
  const publish = i.ports.map((p) => `-p ${p}:${p}`).join(" ");
  const unit = [
    "[Unit]",
    "Description=Qdrant vector database (gpu-inference-kit)",
    "After=docker.service network-online.target qdrant-storage.mount",
    "Requires=docker.service",
    `RequiresMountsFor=${QDRANT_STORAGE_PATH}`,
    "[Service]",
    "Restart=always",
    "RestartSec=10",
    "TimeoutStartSec=900",
    "ExecStartPre=/usr/local/lib/gpukit/qdrant-secrets.sh",
    `ExecStartPre=-/usr/bin/docker rm -f qdrant`,
    `ExecStart=/usr/bin/docker run --rm --name qdrant ${publish} -v ${QDRANT_STORAGE_PATH}:${QDRANT_STORAGE_PATH} -e QDRANT__STORAGE__SNAPSHOTS_PATH=${QDRANT_STORAGE_PATH}/snapshots --env-file ${QDRANT_ENV_FILE} ${i.image}`,
    "ExecStop=/usr/bin/docker stop -t 60 qdrant",
    "[Install]",
    "WantedBy=multi-user.target",
  ].join("\n");
  return [
    "#!/bin/bash",
    "# gpu-inference-kit: private Qdrant host",
    "set -euo pipefail",
    "export DEBIAN_FRONTEND=noninteractive",
    "command -v docker >/dev/null || { apt-get update -q && apt-get install -y -q docker.io; }",
    "systemctl enable --now docker",
    "# The data disk: the first whole disk without partitions that is not the root disk (attached after boot: wait up to 10 minutes).",
    'root=$(lsblk -no PKNAME "$(findmnt -no SOURCE /)" | head -1)',
    "dev=",
    "for _ in $(seq 1 120); do",
    '  dev=$(lsblk -dpno NAME,TYPE | awk -v r="/dev/$root" \'$2=="disk" && $1!=r {print $1}\' | while read -r d; do [ -z "$(lsblk -no NAME "$d" | tail -n +2)" ] && echo "$d"; done | head -1)',
    '  [ -n "$dev" ] && break; sleep 5',
    "done",
    '[ -n "$dev" ] || { echo "gpukit: no data disk attached" >&2; exit 1; }',
    "# Format only an empty disk: a disk with a filesystem holds data and is mounted as it is.",
    'blkid "$dev" >/dev/null 2>&1 || mkfs.ext4 -q -L qdrant-data "$dev"',
    'uuid=$(blkid -s UUID -o value "$dev")',
    `mkdir -p ${QDRANT_STORAGE_PATH}`,
    `grep -q "$uuid" /etc/fstab || echo "UUID=$uuid ${QDRANT_STORAGE_PATH} ext4 defaults,nofail 0 2" >>/etc/fstab`,
    `mountpoint -q ${QDRANT_STORAGE_PATH} || mount ${QDRANT_STORAGE_PATH}`,
    "mkdir -p /usr/local/lib/gpukit",
    "cat >/usr/local/lib/gpukit/qdrant-secrets.sh <<'GPUKIT_EOF'",
    fetch,
    "GPUKIT_EOF",
    "chmod 0700 /usr/local/lib/gpukit/qdrant-secrets.sh",
    "cat >/etc/systemd/system/qdrant.service <<'GPUKIT_EOF'",
    unit,
    "GPUKIT_EOF",
    "systemctl daemon-reload",
    "systemctl enable --now qdrant.service",
    "",
  ].join("\n");
}
