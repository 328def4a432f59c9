/**
 * Values of the secrets a deployment generates instead of reading config (`SecretPlan.generated`):
 * gateway consumer keys (`@pulumi/random` RandomPassword, alphanumeric, replaced when a consumer's
 * `keyVersion` changes) and other stacks' endpoints for `gateway.upstreams` (`pulumi.StackReference`).
 * The values stay Pulumi secrets; the adapters store them in the cloud's secret store like any
 * other secret of the plan, and the hosts fetch them at boot.
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random";
import type { SecretPlan } from "../plan/secrets";

/**
 * The value of a generated secret of target `target` (logical name prefix), as a Pulumi secret:
 * `<target>-<secret>` RandomPassword (no special characters, so keys survive headers and shell
 * quoting) or `<target>-<secret>` StackReference output. Throws for a secret that is not generated.
 */
export function generatedSecretValue(target: string, secret: SecretPlan, parent: pulumi.Resource): pulumi.Output<string> {
  const g = secret.generated;
  if (!g) throw new pulumi.ResourceError(`target ${target}: secret ${secret.name} is not generated`, parent);
  if (g.kind === "random") {
    const key = new RandomPassword(`${target}-${secret.name}`, { length: g.length, special: false, keepers: g.keepers }, { parent });
    return pulumi.secret(key.result);
  }
  if (g.kind === "adapter") throw new pulumi.ResourceError(`target ${target}: secret ${secret.name} is made by the target's adapter`, parent);
  const ref = new pulumi.StackReference(`${target}-${secret.name}`, { name: g.stack }, { parent });
  return pulumi.secret(ref.requireOutput(g.output).apply((v) => String(v)));
}

/** Consumer keys of a target's gateway by consumer name (secret), for the stack output `gatewayKeys`. */
export function consumerKeys(secrets: readonly { name: string; value: pulumi.Output<string> }[]): pulumi.Output<Record<string, string>> {
  const keys = secrets.filter((s) => s.name.startsWith("gatewayKey-"));
  return pulumi.secret(pulumi.all(Object.fromEntries(keys.map((k) => [k.name.slice("gatewayKey-".length), k.value]))) as pulumi.Output<Record<string, string>>);
}
