/**
 * Placeholders of secret values in the rendered gateway config: `@@NAME@@`, filled on the VM host at
 * boot (`gateway-config.sh`) or by the Kubernetes runtime from the target's secrets. Pure.
 */

/** Placeholder of secret `secretName` (`gatewayKey-team-a` → `@@GATEWAYKEY_TEAM_A@@`). */
export function secretPlaceholder(secretName: string): string {
  return `@@${secretName.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}@@`;
}
