/**
 * Login to a private registry mirror before the engine image is pulled. The credentials are
 * ordinary boot secrets (`registryUsername`, `registryPassword`) that `secrets.sh` fetches from the
 * cloud's secret store into {@link REGISTRY_ENV_FILE} (tmpfs, mode 0600, not passed to the engine);
 * `prestart.sh` pipes the password into `docker login --password-stdin`, so no value ever appears in
 * user-data, in a command line or on a persistent disk (Docker's config lives on tmpfs too).
 *
 * How the adapters feed it: the planner adds two boot secrets with `secret: "registryUsername"` and
 * `"registryPassword"`, env vars {@link REGISTRY_USERNAME_ENV} / {@link REGISTRY_PASSWORD_ENV} and
 * store names `secretStoreName(stack, target, "registryUsername" | "registryPassword")`, and passes
 * `registryLogin` with the mirror's host; the adapter stores the two values (Pulumi secrets) under
 * those names exactly as it stores `hubToken` and `apiKey`. Only clouds with a secret store in the kit
 * (AWS, Alibaba Cloud, Tencent Cloud) support it.
 */
import { assertEnvName, shellQuote } from "./shell";

/** Env file the registry credentials are written to: on `/run` (tmpfs), mode 0600; never given to the engine. */
export const REGISTRY_ENV_FILE = "/run/gpukit/registry.env";
/** `DOCKER_CONFIG` for login and pull: on tmpfs, so the login does not persist on disk. */
export const DOCKER_CONFIG_DIR = "/run/gpukit/docker";
/** Default env var of the registry user name in {@link REGISTRY_ENV_FILE}. */
export const REGISTRY_USERNAME_ENV = "GPUKIT_REGISTRY_USERNAME";
/** Default env var of the registry password in {@link REGISTRY_ENV_FILE}. */
export const REGISTRY_PASSWORD_ENV = "GPUKIT_REGISTRY_PASSWORD";

/** A registry to log in to before the pull. */
export interface RegistryLogin {
  /** Registry host (a trailing `/namespace` is ignored), e.g. `registry-vpc.cn-hangzhou.aliyuncs.com`. */
  registry: string;
  /** Env var in {@link REGISTRY_ENV_FILE} holding the user name (a boot secret `registryUsername`). */
  usernameEnv: string;
  /** Env var in {@link REGISTRY_ENV_FILE} holding the password or token (a boot secret `registryPassword`). */
  passwordEnv: string;
}

/** The registry host of `login.registry`; throws unless it is a plain host[:port]. */
export function registryLoginHost(login: RegistryLogin): string {
  const host = login.registry.split("/")[0] ?? "";
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/.test(host)) {
    throw new Error(`invalid registry host ${JSON.stringify(login.registry)}`);
  }
  return host;
}

/** `prestart.sh` lines that log in to the registry before the pull; none without a login. */
export function registryLoginLines(login: RegistryLogin | null | undefined): string[] {
  if (!login) return [];
  const host = registryLoginHost(login);
  const user = assertEnvName(login.usernameEnv);
  const pass = assertEnvName(login.passwordEnv);
  return [
    "# log in to the registry mirror with credentials secrets.sh fetched (tmpfs, 0600; never in user-data)",
    `export DOCKER_CONFIG=${DOCKER_CONFIG_DIR}`,
    `E=${REGISTRY_ENV_FILE}`,
    `u=$(sed -n 's/^${user}=//p' "$E")`,
    `sed -n 's/^${pass}=//p' "$E" | docker login --username "$u" --password-stdin ${shellQuote(host)} >/dev/null ||`,
    `  echo "gpukit: login to ${host} failed" >&2`,
  ];
}
