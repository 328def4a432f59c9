/**
 * Host bootstrap for GPU VMs: chooses the image strategy per cloud and renders the cloud-init
 * user-data that installs or configures the NVIDIA stack, fetches secrets at boot, stages the
 * weights and runs the engine under systemd with a health check. Pure: no Pulumi, no I/O.
 */
import type { Cloud, Residency } from "../../catalog/schema";
import type { EngineRender, ModelSourcePlan } from "../types/engine";
import type { BootstrapPlan, GpuImageStrategy, OfferingPlan } from "../types/host";
import { planDisk, renderCloudConfig, USER_DATA_LIMIT_BYTES, type CloudFile } from "./cloud-config";
import { planMetadata } from "./metadata";
import { registryLoginHost, type RegistryLogin } from "./registry-login";
import { isRegistrySecret, renderSecretsScript, type BootSecret } from "./secrets";
import { REBOOT_FLAG, renderSetupScript, SCRIPT_DIR } from "./setup";
import { renderEnvFile } from "./shell";
import { chooseStrategy, EXPECTED_DRIVER_BRANCH, imageLookup } from "./strategy";
import {
  ENGINE_ENV_FILE,
  renderEngineUnit,
  renderHealthScript,
  renderHealthUnits,
  renderPrestartScript,
  renderRunScript,
  startBudgetSec,
} from "./systemd";
import { renderStageScript } from "./weights";
import { GATEWAY_NETWORK, renderGatewayBoot, type GatewayBootInput } from "./gateway";
import { planAdapterStaging, renderAdapterStageScript, type AdapterSource } from "./adapters";

export { GPUKIT_OLLAMA_MODEL_ENV, ENGINE_CONTAINER, ENGINE_ENV_FILE, HEALTH_DEFAULTS } from "./systemd";
export { SECRETS_ENV_FILE, isRegistrySecret, type BootSecret } from "./secrets";
export { shellQuote, shellJoin } from "./shell";
export { USER_DATA_LIMIT_BYTES, planDisk, DISK_STEP_GB, type DiskInput } from "./cloud-config";
export { METADATA_HELPER, metadataHelper, planMetadata } from "./metadata";
export {
  DOCKER_CONFIG_DIR,
  REGISTRY_ENV_FILE,
  REGISTRY_PASSWORD_ENV,
  REGISTRY_USERNAME_ENV,
  type RegistryLogin,
} from "./registry-login";
export { OBJECT_STORAGE_CLOUDS } from "./weights";
export {
  ADAPTER_HOST_DIR,
  HUB_DOWNLOAD_SCRIPT,
  HUB_TOKEN_ENV,
  planAdapterStaging,
  renderAdapterStageScript,
  type AdapterDownload,
  type AdapterSource,
  type AdapterStagingStep,
} from "./adapters";
export { startBudgetSec } from "./systemd";
export {
  AWS_DLAMI_SSM_PARAMETER,
  ALICLOUD_AUTO_INSTALL,
  DEFAULT_STRATEGY,
  DRIVER_BRANCH,
  EXPECTED_DRIVER_BRANCH,
  IMAGE_NAME_REGEX,
  SUPPORTED_STRATEGIES,
} from "./strategy";

/** Inputs of {@link renderBootstrap}. */
export interface BootstrapInput {
  cloud: Cloud;
  /** Cloud region id, e.g. `cn-hangzhou` (lowercase letters, digits and `-`). */
  region: string;
  residency: Residency;
  stack: string;
  target: string;
  /** GPU model/count and whether the board has NVSwitch (Fabric Manager). */
  offering: OfferingPlan;
  /** Image, command, env, port, probe paths and docker flags of the engine. */
  engine: EngineRender;
  /** Where the weights come from; object storage is synced to `hostPath` before the engine starts. */
  modelSource: ModelSourcePlan;
  /**
   * Secrets fetched at boot from the cloud's secret store by `storeName`; never their values.
   * Registry credentials (`registryUsername`, `registryPassword`) go here too, for `registryLogin`.
   */
  secrets: BootSecret[];
  /**
   * Private registry to `docker login` to before the pull (e.g. the target's ACR mirror), or null.
   * Its `usernameEnv`/`passwordEnv` must be the env vars of `registryUsername`/`registryPassword`
   * entries of `secrets` (see `registry-login.ts` for how the adapters feed them). Default null.
   */
  registryLogin?: RegistryLogin | null;
  /** Model weights in GB (10^9 bytes), to size the disk. */
  weightsGb: number;
  /** Explicit root disk size in GB; the computed size wins when it is larger. */
  diskGb?: number;
  /** Override of the per-cloud default strategy (see `DEFAULT_STRATEGY`); must be supported on the cloud. */
  strategy?: GpuImageStrategy;
  /** LoRA adapters staged by `stage-adapters.sh` before the engine starts (`components/bootstrap/adapters.ts`). Default none. */
  adapters?: AdapterSource[];
  /** Adapter files in GB (10^9 bytes), added to the disk. Default 0. */
  adaptersGb?: number;
  /**
   * The target's gateway (components/bootstrap/gateway.ts): runs beside the engine, which then
   * publishes its port on 127.0.0.1 only and joins the gateway's docker network. Default null.
   */
  gateway?: GatewayBootInput | null;
}

const units = "/etc/systemd/system";

/**
 * Renders the bootstrap of one target's GPU hosts: strategy, image look-up, driver branch, root disk
 * (GB, with the numbers it is made of), metadata mode, start budget and `#cloud-config` user-data
 * free of secret values. Throws when the user-data would exceed {@link USER_DATA_LIMIT_BYTES}, when
 * secrets (or a registry login) are requested on a cloud without a secret store in the kit, or
 * object-storage weights on a cloud whose hosts get no instance role (Tencent Cloud, Volcano
 * Engine), or on invalid names, ports, registry hosts or bucket URIs.
 */
export function renderBootstrap(input: BootstrapInput): BootstrapPlan {
  if (!/^[a-z0-9-]+$/.test(input.region)) throw new Error(`invalid region ${JSON.stringify(input.region)}`);
  for (const p of [input.engine.readinessPath, input.engine.livenessPath]) {
    if (!p.startsWith("/")) throw new Error(`probe path must start with /: ${JSON.stringify(p)}`);
  }
  const strategy = chooseStrategy(input.cloud, input.strategy);
  const nvswitch = input.offering.nvswitch;
  const login = input.registryLogin ?? null;
  if (login) {
    registryLoginHost(login);
    for (const [env, kind] of [[login.usernameEnv, "registryUsername"], [login.passwordEnv, "registryPassword"]] as const) {
      if (!input.secrets.some((s) => s.envVar === env && s.secret === kind)) {
        throw new Error(`registryLogin.${kind === "registryUsername" ? "usernameEnv" : "passwordEnv"} ${env} is not the env var of a ${kind} boot secret`);
      }
    }
  }
  const secrets = renderSecretsScript(input.cloud, input.region, input.secrets);
  const stage = renderStageScript(input.cloud, input.region, input.modelSource);
  const adapterSteps = planAdapterStaging(input.adapters ?? [], { cloud: input.cloud, region: input.region, image: input.engine.image });
  const stageAdapters = renderAdapterStageScript(adapterSteps);
  const opts = {
    engine: input.engine,
    modelSource: input.modelSource,
    nvswitch,
    secrets: !!secrets,
    engineSecrets: input.secrets.some((s) => !isRegistrySecret(s)),
    registryLogin: login,
    stage: !!stage,
    stageAdapters: !!stageAdapters,
    gatewayNetwork: input.gateway ? GATEWAY_NETWORK : null,
  };
  const gateway = input.gateway ? renderGatewayBoot(input.cloud, input.region, input.gateway) : null;
  const health = renderHealthUnits();
  const exe = (name: string, content: string): CloudFile => ({ path: `${SCRIPT_DIR}/${name}`, content, permissions: "0755" });
  const setup = renderSetupScript({
    cloud: input.cloud,
    residency: input.residency,
    strategy,
    nvswitch,
    computeCapability: input.offering.gpu.computeCapability,
  });
  const files: CloudFile[] = [
    { path: ENGINE_ENV_FILE, content: renderEnvFile(input.engine.env), permissions: "0644" },
    exe("setup.sh", setup),
    exe("prestart.sh", renderPrestartScript(opts)),
    ...(secrets ? [exe("secrets.sh", secrets)] : []),
    ...(stage ? [exe("stage.sh", stage)] : []),
    ...(stageAdapters ? [exe("stage-adapters.sh", stageAdapters)] : []),
    exe("run.sh", renderRunScript(opts)),
    exe("health.sh", renderHealthScript(opts)),
    { path: `${units}/gpukit-engine.service`, content: renderEngineUnit(opts), permissions: "0644" },
    { path: `${units}/gpukit-health.service`, content: health.service, permissions: "0644" },
    { path: `${units}/gpukit-health.timer`, content: health.timer, permissions: "0644" },
    ...(gateway?.files ?? []),
  ];
  const runcmd = [
    ["systemctl", "daemon-reload"],
    ["systemctl", "enable", "gpukit-engine.service", "gpukit-health.timer", ...(gateway?.units ?? [])],
    [`${SCRIPT_DIR}/setup.sh`],
    ["systemctl", "start", "--no-block", "gpukit-engine.service", "gpukit-health.timer", ...(gateway?.units ?? [])],
  ];
  const userData = renderCloudConfig({
    files,
    runcmd,
    // Both paths that may install the driver reboot (via cloud-init's power_state) when its module cannot load yet.
    ...(strategy === "install-driver" || strategy === "cloud-gpu-image" ? { rebootCondition: `test -f ${REBOOT_FLAG}` } : {}),
  });
  const userDataBytes = Buffer.byteLength(userData, "utf8");
  if (userDataBytes >= USER_DATA_LIMIT_BYTES) {
    throw new Error(`user-data is ${userDataBytes} bytes, over the ${USER_DATA_LIMIT_BYTES}-byte limit`);
  }
  const disk = planDisk({
    cloud: input.cloud,
    strategy,
    engine: input.engine.name,
    weightsGb: input.weightsGb + (input.adaptersGb ?? 0),
    objectStorage: input.modelSource.kind === "object-storage",
    diskGb: input.diskGb,
  });
  const { metadata, warnings } = planMetadata({
    cloud: input.cloud,
    strategy,
    secrets: !!secrets,
    stage: !!stage || adapterSteps.some((a) => a.sync),
    scripts: files.filter((f) => f.content.startsWith("#!/bin/bash")).map((f) => f.content),
  });
  return {
    strategy,
    image: imageLookup(input.cloud, strategy),
    driverBranch: EXPECTED_DRIVER_BRANCH[strategy],
    rootVolumeGb: disk.rootVolumeGb,
    disk,
    metadata,
    registryLogin: login ? registryLoginHost(login) : null,
    warnings,
    userData,
    userDataBytes,
    startBudgetSec: startBudgetSec(strategy),
  };
}
