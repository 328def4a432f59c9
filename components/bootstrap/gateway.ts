/**
 * The gateway on a VM host: Higress all-in-one as a container (`gpukit-gateway.service`) on the
 * host's `gpukit` docker network, beside the engine container, which then publishes its port on
 * 127.0.0.1 only. The load balancer reaches the gateway's host port; the gateway reaches the engine
 * by container name. Limits keep their counters in a Redis container on the same network
 * (`gpukit-redis.service`, no published port) when the plan says `host-container`.
 *
 * Config: cloud-init writes the rendered Higress resources (secret-free, with `@@NAME@@`
 * placeholders) to {@link GATEWAY_RESOURCES_FILE}; `gateway-config.sh` (ExecStartPre) fetches the
 * consumer keys, moderation AccessKeys and upstream endpoints from the cloud's secret store with the
 * instance's role, fills the placeholders and writes one file per resource into the container's
 * config folder on tmpfs ({@link GATEWAY_DATA_DIR}), mode 0600. Secret values never enter
 * user-data. Pure: no Pulumi, no I/O.
 */
import type { Cloud } from "../../catalog/schema";
import type { GatewayPlan } from "../plan/gateway";
import { secretPlaceholder } from "../gateway/placeholders";
import type { SecretPlan } from "../plan/secrets";
import { HIGRESS_CONTAINER_HTTP_PORT, HIGRESS_DATA_DIR } from "../gateway/higress";
import { placeholdersIn, renderHigressResources, resourceFolder } from "../gateway/render";
import { gzipSync } from "node:zlib";
import { fetcher } from "./secrets";
import { SCRIPT_DIR } from "./setup";
import { shellQuote } from "./shell";
import { renderTmsUnit, tmsBootSecrets, tmsEnvLines } from "../gateway/tms-boot";

/** Docker network the engine, the gateway and Redis share on a host. */
export const GATEWAY_NETWORK = "gpukit";
/** Container (and unit) names. */
export const GATEWAY_CONTAINER = "gpukit-gateway";
export const REDIS_CONTAINER = "gpukit-redis";
/** Secret-free rendered resources, written by cloud-init. */
export const GATEWAY_RESOURCES_FILE = "/etc/gpukit/gateway/resources.json";
/** The gateway's config folder on tmpfs (filled at boot; mounted as the container's `/data`). */
export const GATEWAY_DATA_DIR = "/run/gpukit/higress";
/** Host folder of the gateway's access and audit logs (the observability work ships it). */
export const GATEWAY_LOG_DIR = "/var/log/gpukit/gateway";

/** What the bootstrap needs to run the gateway on a host. */
export interface GatewayBootInput {
  plan: GatewayPlan;
  /** The gateway's entries of `TargetPlan.secrets` (store names; never values). */
  secrets: SecretPlan[];
}

/** A file for cloud-init's `write_files`. */
interface File {
  path: string;
  content: string;
  permissions: string;
  encoding?: "gz+b64";
}

/** Shell line that creates the shared docker network unless it exists (idempotent, race-safe). */
export function networkLine(): string {
  return `docker network inspect ${GATEWAY_NETWORK} >/dev/null 2>&1 || docker network create ${GATEWAY_NETWORK} >/dev/null || docker network inspect ${GATEWAY_NETWORK} >/dev/null`;
}

/** `gateway-config.sh`: fetch the gateway's secrets, fill the placeholders, write the resources. */
export function renderGatewayConfigScript(cloud: Cloud, region: string, input: GatewayBootInput): string {
  const resources = renderHigressResources(input.plan);
  const needed = new Set(placeholdersIn(resources));
  // Tencent TMS: the filter's credentials are fetched here too and written to its env file (tms-boot.ts)
  const tms = input.plan.moderation?.provider === "tencent-tms" ? input.plan.moderation : null;
  if (tms) for (const s of tmsBootSecrets(tms)) needed.add(secretPlaceholder(s));
  const lines = ["#!/bin/bash", "# Fill the gateway's config with secrets from the cloud's secret store (tmpfs, 0600).", "set -euo pipefail", "umask 077"];
  // one line per secret: placeholder, name, store name, kind; one loop fetches them all (user-data is capped at 16 KiB)
  const table: string[] = [];
  for (const s of input.secrets) {
    const ph = secretPlaceholder(s.name);
    if (!needed.has(ph)) continue;
    needed.delete(ph);
    const store = s.storeName.replace(/^\/+/, "");
    if (!/^[\w./-]+$/.test(store) || !/^[\w-]+$/.test(s.name)) throw new Error(`invalid gateway secret ${JSON.stringify(s.name)} / ${JSON.stringify(store)}`);
    table.push(`${ph.replace(/@/g, "")} ${s.name} ${store} ${s.generated?.kind === "stack-output" ? "upstream" : "value"}`);
  }
  if (needed.size) throw new Error(`gateway config placeholders without a secret: ${[...needed].join(", ")}`);
  if (table.length) {
    lines.push(
      ...fetcher(cloud, region),
      "while read -r ph name store kind; do",
      '  v=$(g "$store" </dev/null)',
      `  case $v in *$'\\n'*|'') echo "gpukit: gateway secret $name is empty or multi-line" >&2; exit 1;; esac`,
      "  # an upstream stack's endpoint: its host name, HTTPS only",
      '  if [ "$kind" = upstream ]; then',
      '    case $v in https://*) ;; *) echo "gpukit: upstream $name is not an https:// endpoint" >&2; exit 1;; esac',
      '    v=${v#https://}; v=${v%%[:/]*}',
      "  fi",
      '  export "GPUKIT_PH_$ph=$v"',
      "done <<'SECRETS'",
      ...table,
      "SECRETS",
    );
  }
  lines.push(
    // GPUKIT_GATEWAY_DATA: another folder, for gateway-refresh.sh to compare before it swaps
    `D=\${GPUKIT_GATEWAY_DATA:-${GATEWAY_DATA_DIR}}`,
    'rm -rf "$D" && mkdir -p "$D"',
    `python3 - ${shellQuote(GATEWAY_RESOURCES_FILE)} "$D" <<'PY'`,
    "import json, os, re, sys",
    "text = open(sys.argv[1]).read()",
    "def fill(m):",
    "    return json.dumps(os.environ['GPUKIT_PH_' + m.group(1)])[1:-1]",
    "text = re.sub(r'@@([A-Z0-9_]+)@@', fill, text)",
    "for r in json.loads(text):",
    "    d = os.path.join(sys.argv[2], r.pop('folder'))",
    "    os.makedirs(d, exist_ok=True)",
    "    with open(os.path.join(d, r['metadata']['name'] + '.yaml'), 'w') as f:",
    "        json.dump(r, f)",
    "PY",
    ...(tms ? tmsEnvLines(tms) : []),
    "",
  );
  return lines.join("\n");
}

/** The resources file: each resource with the `folder` it goes to. */
export function renderResourcesFile(plan: GatewayPlan): string {
  return JSON.stringify(renderHigressResources(plan).map((r) => ({ folder: resourceFolder(r.kind), ...r })));
}

/** Minutes between checks for rotated keys (`gpukit-gateway-refresh.timer`, randomised by as much again so hosts do not restart together). */
export const GATEWAY_REFRESH_MINUTES = 10;

/**
 * `gateway-refresh.sh`: re-renders the config from the secret store into a new folder and, when it
 * differs (a key rotated by `keyVersion`, a new upstream endpoint), swaps it in and restarts the
 * gateway container. A failed fetch keeps the running config.
 */
export function renderGatewayRefreshScript(): string {
  const cur = GATEWAY_DATA_DIR;
  return [
    "#!/bin/bash",
    "# Apply rotated gateway keys: re-render, compare, swap and restart only on a change.",
    "set -euo pipefail",
    `new=${cur}.new`,
    `GPUKIT_GATEWAY_DATA="$new" ${SCRIPT_DIR}/gateway-config.sh`,
    `if diff -rq "$new" ${cur} >/dev/null 2>&1; then rm -rf "$new"; exit 0; fi`,
    `rm -rf ${cur}.old && mv ${cur} ${cur}.old && mv "$new" ${cur} && rm -rf ${cur}.old`,
    `echo "gpukit: gateway config changed, restarting ${GATEWAY_CONTAINER}"`,
    `systemctl restart ${GATEWAY_CONTAINER}.service`,
    "",
  ].join("\n");
}

/** `gpukit-gateway-refresh.service` (oneshot) and its timer. */
export function renderRefreshUnits(): { service: string; timer: string } {
  return {
    service: ["[Unit]", "Description=gpukit gateway: apply rotated keys", `After=${GATEWAY_CONTAINER}.service`, "[Service]", "Type=oneshot", `ExecStart=${SCRIPT_DIR}/gateway-refresh.sh`, ""].join("\n"),
    timer: [
      "[Unit]",
      `Description=gpukit gateway key refresh every ${GATEWAY_REFRESH_MINUTES} min`,
      "[Timer]",
      `OnActiveSec=${GATEWAY_REFRESH_MINUTES}min`,
      `OnUnitActiveSec=${GATEWAY_REFRESH_MINUTES}min`,
      `RandomizedDelaySec=${GATEWAY_REFRESH_MINUTES}min`,
      "[Install]",
      "WantedBy=timers.target",
      "",
    ].join("\n"),
  };
}

/** `gpukit-gateway.service` and, for a host-container store, `gpukit-redis.service`. */
export function renderGatewayUnits(plan: GatewayPlan): { gateway: string; redis: string | null } {
  const redis = plan.rateLimitStore.kind === "host-container" && plan.rateLimitStore.image;
  const unit = (description: string, after: string, pre: string[], run: string[], name: string) =>
    [
      "[Unit]",
      `Description=${description}`,
      `After=network-online.target docker.service${after}`,
      "Wants=network-online.target",
      "Requires=docker.service",
      "StartLimitIntervalSec=0",
      "",
      "[Service]",
      "TimeoutStartSec=infinity",
      `ExecStartPre=-/usr/bin/docker rm -f ${name}`,
      `ExecStartPre=/bin/bash -c ${shellQuote(networkLine())}`,
      ...pre.map((p) => `ExecStartPre=${p}`),
      `ExecStart=/usr/bin/docker ${run.map(shellQuote).join(" ")}`,
      `ExecStop=/usr/bin/docker stop -t 30 ${name}`,
      "Restart=always",
      "RestartSec=10",
      "",
      "[Install]",
      "WantedBy=multi-user.target",
      "",
    ].join("\n");
  const gateway = unit(
    `gpukit inference gateway (Higress ${plan.version})`,
    redis ? ` ${REDIS_CONTAINER}.service` : "",
    [`${SCRIPT_DIR}/gateway-config.sh`, `/bin/bash -c ${shellQuote(`docker pull -q ${shellQuote(plan.image)} || docker image inspect ${shellQuote(plan.image)} >/dev/null`)}`],
    [
      "run", "--rm", "--name", GATEWAY_CONTAINER, "--network", GATEWAY_NETWORK,
      // only the HTTP listener is published; the console (8001) and the admin ports stay inside the container
      "-p", `${plan.port}:${HIGRESS_CONTAINER_HTTP_PORT}`,
      "-v", `${GATEWAY_DATA_DIR}:${HIGRESS_DATA_DIR}`,
      "-v", `${GATEWAY_LOG_DIR}/proxy:/var/log/proxy`,
      "-v", `${GATEWAY_LOG_DIR}/higress:/var/log/higress`,
      plan.image,
    ],
    GATEWAY_CONTAINER,
  );
  const redisUnit = redis
    ? unit(
        "gpukit gateway rate-limit store (Redis)",
        "",
        [`/bin/bash -c ${shellQuote(`docker pull -q ${shellQuote(redis)} || docker image inspect ${shellQuote(redis)} >/dev/null`)}`],
        ["run", "--rm", "--name", REDIS_CONTAINER, "--network", GATEWAY_NETWORK, redis],
        REDIS_CONTAINER,
      )
    : null;
  return { gateway, redis: redisUnit };
}

/** Everything cloud-init writes and starts for the gateway. */
export function renderGatewayBoot(cloud: Cloud, region: string, input: GatewayBootInput): { files: File[]; units: string[] } {
  const units = renderGatewayUnits(input.plan);
  const refresh = renderRefreshUnits();
  // gzip+base64 for all but the gateway's unit (user-data is capped at 16 KiB; cloud-init decodes them)
  const gz = (path: string, content: string, permissions: string): File => ({ path, content: gzipSync(content, { level: 9 }).toString("base64"), permissions, encoding: "gz+b64" });
  const files: File[] = [
    gz(GATEWAY_RESOURCES_FILE, renderResourcesFile(input.plan), "0644"),
    gz(`${SCRIPT_DIR}/gateway-config.sh`, renderGatewayConfigScript(cloud, region, input), "0755"),
    { path: `/etc/systemd/system/${GATEWAY_CONTAINER}.service`, content: units.gateway, permissions: "0644" },
    ...(units.redis ? [gz(`/etc/systemd/system/${REDIS_CONTAINER}.service`, units.redis, "0644")] : []),
    gz(`${SCRIPT_DIR}/gateway-refresh.sh`, renderGatewayRefreshScript(), "0755"),
    gz("/etc/systemd/system/gpukit-gateway-refresh.service", refresh.service, "0644"),
    gz("/etc/systemd/system/gpukit-gateway-refresh.timer", refresh.timer, "0644"),
  ];
  // Tencent TMS moderation: the filter container beside the gateway (components/gateway/tms-boot.ts)
  const m = input.plan.moderation;
  const tms = m?.provider === "tencent-tms" ? m : null;
  if (tms) files.push(gz(`/etc/systemd/system/${tms.filter.name}.service`, renderTmsUnit(tms, GATEWAY_NETWORK, networkLine(), `${GATEWAY_CONTAINER}.service`), "0644"));
  return { files, units: [...(units.redis ? [`${REDIS_CONTAINER}.service`] : []), `${GATEWAY_CONTAINER}.service`, ...(tms ? [`${tms.filter.name}.service`] : []), "gpukit-gateway-refresh.timer"] };
}
