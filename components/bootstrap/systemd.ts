/**
 * The engine as a systemd service: `gpukit-engine.service` runs the container (`run.sh`) after
 * `prestart.sh` (driver ready, nvidia-smi logged, image pulled), `secrets.sh` and `stage.sh`;
 * `gpukit-health.timer` probes readiness, then liveness, and restarts the engine after
 * {@link HEALTH_DEFAULTS.failures} consecutive failures.
 */
import type { EngineRender, ModelSourcePlan } from "../types/engine";
import type { GpuImageStrategy } from "../types/host";
import { ALICLOUD_AUTO_INSTALL_LOG, SCRIPT_DIR } from "./setup";
import { registryLoginLines, type RegistryLogin } from "./registry-login";
import { SECRETS_ENV_FILE } from "./secrets";
import { shellQuote } from "./shell";
import { weightsMount } from "./weights";
import { ADAPTER_CONTAINER_DIR } from "../engines/lora";
import { ADAPTER_HOST_DIR } from "./adapters";

/** Env var that asks the bootstrap to `ollama pull` a model once the Ollama server is ready. */
export const GPUKIT_OLLAMA_MODEL_ENV = "GPUKIT_OLLAMA_MODEL";
/** Name of the engine container and of the unit (`gpukit-engine.service`). */
export const ENGINE_CONTAINER = "gpukit-engine";
/** Plain (non-secret) engine environment, `docker run --env-file`. */
export const ENGINE_ENV_FILE = "/etc/gpukit/engine.env";

/** Health-check defaults. */
export const HEALTH_DEFAULTS = {
  /** Seconds between probes (timer `OnUnitActiveSec`). */
  intervalSec: 30,
  /** Consecutive liveness failures before the engine is restarted. */
  failures: 3,
  /** Seconds the engine may take from container start to readiness before it is restarted. */
  startupSec: 3600,
  /** Seconds `prestart.sh` waits for the driver (Alibaba's auto-install takes 10-20 min). */
  driverWaitSec: 2700,
} as const;

/**
 * Seconds from boot the kit's units allow before restarting a not-yet-ready engine: the driver wait
 * when the strategy installs the driver at boot (everything but `aws-dlami`), plus
 * {@link HEALTH_DEFAULTS.startupSec}. Image pull and staging are not bounded (`TimeoutStartSec=infinity`).
 */
export function startBudgetSec(strategy: GpuImageStrategy): number {
  const driverWait = strategy === "aws-dlami" ? 0 : HEALTH_DEFAULTS.driverWaitSec;
  return driverWait + HEALTH_DEFAULTS.startupSec;
}

/** Inputs of the unit and script renderers. */
export interface EngineUnitOptions {
  engine: EngineRender;
  modelSource: ModelSourcePlan;
  nvswitch: boolean;
  /** Whether `secrets.sh` exists (any boot secret, registry credentials included). */
  secrets: boolean;
  /** Whether the engine gets `--env-file` {@link SECRETS_ENV_FILE} (engine secrets present); defaults to `secrets`. */
  engineSecrets?: boolean;
  /** Registry to log in to before the pull, or null. */
  registryLogin?: RegistryLogin | null;
  /** Whether `stage.sh` exists (object-storage source). */
  stage: boolean;
  /**
   * Docker network of the target's gateway, or null without one. With it the engine joins that
   * network (the gateway reaches it by container name) and publishes its port on 127.0.0.1 only.
   */
  gatewayNetwork?: string | null;
  /** Whether `stage-adapters.sh` exists (LoRA adapters): it runs after `stage.sh` and the adapters are mounted read-only. Default false. */
  stageAdapters?: boolean;
}

/** Escapes text for a unit file value: no line breaks, `%` doubled (systemd specifiers). */
function unitText(s: string): string {
  return s.replace(/[\r\n]+/g, " ").replace(/%/g, "%%");
}

/** `gpukit-engine.service`. */
export function renderEngineUnit(o: EngineUnitOptions): string {
  const fm = o.nvswitch ? " nvidia-fabricmanager.service" : "";
  // secrets.sh first: prestart.sh logs in to the registry with what it fetched
  const pre = [...(o.secrets ? ["secrets.sh"] : []), "prestart.sh", ...(o.stage ? ["stage.sh"] : []), ...(o.stageAdapters ? ["stage-adapters.sh"] : [])];
  return [
    "[Unit]",
    `Description=gpukit inference engine ${unitText(o.engine.name)}`,
    `Wants=network-online.target${fm}`,
    `After=network-online.target docker.service${fm}`,
    "Requires=docker.service",
    "StartLimitIntervalSec=0",
    "",
    "[Service]",
    "TimeoutStartSec=infinity",
    `ExecStartPre=-/usr/bin/docker rm -f ${ENGINE_CONTAINER}`,
    ...pre.map((p) => `ExecStartPre=${SCRIPT_DIR}/${p}`),
    `ExecStart=${SCRIPT_DIR}/run.sh`,
    `ExecStop=/usr/bin/docker stop -t 30 ${ENGINE_CONTAINER}`,
    "Restart=always",
    "RestartSec=15",
    "# exponential backoff up to 10 min (systemd >= 254; older versions ignore these and keep 15 s)",
    "RestartSteps=6",
    "RestartMaxDelaySec=600",
    "StandardOutput=journal+console",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

/** `prestart.sh`: waits for the driver, logs `nvidia-smi` once per boot, persistence mode, pulls the image. */
export function renderPrestartScript(o: EngineUnitOptions): string {
  const [hostPath] = weightsMount(o.modelSource);
  const tries = Math.ceil(HEALTH_DEFAULTS.driverWaitSec / 10);
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "mkdir -p /run/gpukit",
    "rm -f /run/gpukit/ready /run/gpukit/fails",
    `for _ in $(seq ${tries}); do`,
    "  nvidia-smi -L >/dev/null 2>&1 && break",
    `  if grep -qs "INSTALL FAIL" ${ALICLOUD_AUTO_INSTALL_LOG}; then echo "gpukit: driver install failed" >&2; exit 1; fi`,
    "  sleep 10",
    "done",
    'nvidia-smi -L >/dev/null || { echo "gpukit: NVIDIA driver not ready" >&2; exit 1; }',
    "if [ ! -e /run/gpukit/smi ]; then nvidia-smi; touch /run/gpukit/smi; fi",
    "nvidia-smi -pm 1 >/dev/null || true",
    `mkdir -p ${shellQuote(hostPath)}`,
    ...(o.gatewayNetwork ? [`docker network inspect ${o.gatewayNetwork} >/dev/null 2>&1 || docker network create ${o.gatewayNetwork} >/dev/null || docker network inspect ${o.gatewayNetwork} >/dev/null`] : []),
    ...registryLoginLines(o.registryLogin),
    "# a registry outage must not stop a host that already has the image",
    `docker pull -q ${shellQuote(o.engine.image)} || docker image inspect ${shellQuote(o.engine.image)} >/dev/null`,
    "",
  ].join("\n");
}

/** `run.sh`: the `docker run` line, every argument shell-quoted. */
export function renderRunScript(o: EngineUnitOptions): string {
  const e = o.engine;
  if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) throw new Error(`invalid engine port ${e.port}`);
  const [host, inContainer] = weightsMount(o.modelSource);
  const args = [
    "run", "--rm", "--name", ENGINE_CONTAINER, "--gpus", "all",
    // behind a gateway only the host itself (health.sh) and the gateway's network reach the engine
    ...(o.gatewayNetwork ? ["--network", o.gatewayNetwork, "-p", `127.0.0.1:${e.port}:${e.port}`] : ["-p", `${e.port}:${e.port}`]),
    "--env-file", ENGINE_ENV_FILE,
    ...((o.engineSecrets ?? o.secrets) ? ["--env-file", SECRETS_ENV_FILE] : []),
    "-v", `${host}:${inContainer}`,
    ...(o.stageAdapters ? ["-v", `${ADAPTER_HOST_DIR}:${ADAPTER_CONTAINER_DIR}:ro`] : []),
    ...e.dockerArgs,
    e.image,
    ...e.command,
  ];
  // One flag with its value per group, groups packed into lines of at most ~100 characters.
  const groups: string[] = [];
  for (const a of args.map(shellQuote)) {
    const last = groups.length - 1;
    if (groups.length && !a.startsWith("-") && groups[last]!.startsWith("-") && !groups[last]!.includes(" ")) {
      groups[last] += ` ${a}`;
    } else groups.push(a);
  }
  const body: string[] = [];
  let line = "exec docker";
  for (const g of groups) {
    if (line.length + g.length + 1 > 100) {
      body.push(line);
      line = " ";
    }
    line += ` ${g}`;
  }
  body.push(line);
  return ["#!/bin/bash", body.join(" \\\n"), ""].join("\n");
}

/** `health.sh`: readiness until first ready (then the Ollama pull), then liveness with a failure counter. */
export function renderHealthScript(o: EngineUnitOptions): string {
  const e = o.engine;
  const h = HEALTH_DEFAULTS;
  const base = `http://127.0.0.1:${e.port}`;
  const ollama = e.env[GPUKIT_OLLAMA_MODEL_ENV];
  return [
    "#!/bin/bash",
    "set -uo pipefail",
    "d=/run/gpukit",
    `u=${ENGINE_CONTAINER}`,
    'systemctl is-active -q "$u" || exit 0',
    'restart() { echo "gpukit: $1, restarting $u"; rm -f "$d/fails"; systemctl restart --no-block "$u"; exit 0; }',
    'if [ ! -e "$d/ready" ]; then',
    `  if curl -fsS -m 5 -o /dev/null ${shellQuote(base + e.readinessPath)}; then`,
    ...(ollama ? [`    docker exec "$u" ollama pull ${shellQuote(ollama)} || exit 1`] : []),
    '    touch "$d/ready"; echo "gpukit: engine ready"; exit 0',
    "  fi",
    '  s=$(systemctl show --value -p ActiveEnterTimestampMonotonic "$u")',
    "  t=$(cut -d. -f1 /proc/uptime)",
    `  [ $((t - s / 1000000)) -lt ${h.startupSec} ] || restart "not ready after ${h.startupSec} s"`,
    "  exit 0",
    "fi",
    `if curl -fsS -m 10 -o /dev/null ${shellQuote(base + e.livenessPath)}; then echo 0 >"$d/fails"; exit 0; fi`,
    'n=$(( $(cat "$d/fails" 2>/dev/null || echo 0) + 1 ))',
    'echo "$n" >"$d/fails"',
    `echo "gpukit: liveness failed ($n/${h.failures})"`,
    `[ "$n" -lt ${h.failures} ] || restart "liveness failed ${h.failures} times"`,
    "",
  ].join("\n");
}

/** `gpukit-health.service` (oneshot) and `gpukit-health.timer`. */
export function renderHealthUnits(): { service: string; timer: string } {
  return {
    service: [
      "[Unit]",
      "Description=gpukit engine health check",
      "[Service]",
      "Type=oneshot",
      `ExecStart=${SCRIPT_DIR}/health.sh`,
      "",
    ].join("\n"),
    timer: [
      "[Unit]",
      "Description=gpukit engine health check every 30 s",
      "[Timer]",
      "OnActiveSec=60",
      `OnUnitActiveSec=${HEALTH_DEFAULTS.intervalSec}`,
      "AccuracySec=5",
      "[Install]",
      "WantedBy=timers.target",
      "",
    ].join("\n"),
  };
}
