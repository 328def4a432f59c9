/**
 * Secrets of a target as plain data: which secret each engine variable comes from and the name it
 * has in the cloud's secret store. Decided here so the boot script that fetches them and the
 * adapter that stores them agree before any resource exists. Never holds a secret value.
 */
/** Logical names of the secrets a target's hosts may need (`kubeconfig`: the cluster of a kubeconfig-mode Kubernetes target, never on hosts). */
export type SecretName =
  | "hubToken"
  | "apiKey"
  | "registryUsername"
  | "registryPassword"
  | "kubeconfig"
  // the API key of the private Qdrant host beside a vm target (components/plan/vector-database-vm.ts)
  | "vectorDbApiKey"
  // the gateway's (components/plan/gateway.ts): consumer keys, upstream endpoints, moderation AccessKeys
  | `gatewayKey-${string}`
  | `gatewayUpstream-${string}`
  | "gatewayRedis"
  | "moderationAccessKeyId"
  | "moderationAccessKeySecret";

/**
 * A secret whose value the deployment makes instead of reading config: a random key
 * (`@pulumi/random` RandomPassword, replaced when `keepers` change) or another stack's output
 * (`pulumi.StackReference`).
 */
export type GeneratedSecret =
  | { kind: "random"; length: number; keepers: Record<string, string> }
  | { kind: "stack-output"; stack: string; output: string }
  // made by the target's adapter (e.g. the endpoint of the gateway's managed Redis), never by config
  | { kind: "adapter"; value: "redis-endpoint" };

/** One secret of a target: what the hosts read, and where the adapter stores it. */
export interface SecretPlan {
  /** Logical name, e.g. `hubToken`. */
  name: SecretName;
  /** Environment variable the engine (or the boot script) reads. */
  envVar: string;
  /** Name in the cloud's secret store: `gpu-inference/<stack>/<target>/<secret>` (AWS SSM prefixes `/`). */
  storeName: string;
  /** Secret Pulumi config key (in the project namespace) that holds the value, e.g. `hfToken`; empty for a generated secret. */
  configKey: string;
  /** Set when the deployment generates the value (no config key). */
  generated?: GeneratedSecret;
}

/**
 * Name of a secret in the cloud's secret store, deterministic so that the boot script can fetch it:
 * `gpu-inference/<stack>/<target>/<secret>`.
 */
export function secretStoreName(stack: string, target: string, secret: SecretName): string {
  return `gpu-inference/${stack}/${target}/${secret}`;
}

/** A secret a target needs, before its store name is decided. */
export interface SecretNeed {
  name: SecretName;
  envVar: string;
  configKey: string;
}

/** The secret plans of a target: store names decided here, once. */
export function planSecrets(stack: string, target: string, needs: readonly SecretNeed[]): SecretPlan[] {
  return needs.map((n) => ({ name: n.name, envVar: n.envVar, storeName: secretStoreName(stack, target, n.name), configKey: n.configKey }));
}

/**
 * Cloud-side name prefix of a target's resources: `<stack>-<target>`, so two stacks in one account
 * never collide on names the cloud requires to be unique (scaling groups, security groups). Logical
 * (Pulumi) names stay `<target>-<role>`; the stack is already in every URN. At most 48 characters,
 * lower case, other characters as dashes, never ending in a dash.
 */
export function physicalNamePrefix(stack: string, target: string): string {
  // DNS-label-style name rules forbid a trailing dash, so a cut never leaves one.
  return `${stack}-${target}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 48).replace(/-+$/, "");
}
