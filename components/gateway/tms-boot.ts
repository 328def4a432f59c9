/**
 * The TMS filter on a VM host (components/gateway/tms.ts): `gpukit-tms-filter.service` runs the
 * filter image on the host's `gpukit` docker network with no published port (only the gateway
 * container reaches it, by name). The gateway's `gateway-config.sh` (run before the gateway starts,
 * and again by the key refresh) fetches the TMS SecretId / SecretKey from the cloud's secret store
 * with the instance's role and writes them, with the filter's other settings, to an env file on
 * tmpfs (0600) that the filter's unit hands to the container: the credentials never enter
 * user-data. Pure: no Pulumi, no I/O.
 */
import { shellQuote } from "../bootstrap/shell";
import { secretPlaceholder } from "./placeholders";
import { tmsFilterEnv, tmsFilterSecretEnv, type TmsModerationPlan } from "./tms";

/** The filter's env file (tmpfs, 0600), rewritten by every run of gateway-config.sh. */
export const TMS_FILTER_ENV_FILE = "/run/gpukit/tms-filter.env";

/** Secrets gateway-config.sh must fetch for the filter (names of `TargetPlan.secrets` entries). */
export function tmsBootSecrets(plan: TmsModerationPlan): string[] {
  return tmsFilterSecretEnv(plan).map((s) => s.secret);
}

/**
 * Lines of gateway-config.sh after its fetch loop (which exported `GPUKIT_PH_<PLACEHOLDER>` for
 * every fetched secret): write the filter's env file atomically.
 */
export function tmsEnvLines(plan: TmsModerationPlan): string[] {
  const f = TMS_FILTER_ENV_FILE;
  const lines = [`mkdir -p ${f.slice(0, f.lastIndexOf("/"))}`, "{"];
  for (const [k, v] of Object.entries(tmsFilterEnv(plan))) {
    if (!/^[\w./:@-]*$/.test(v)) throw new Error(`TMS filter setting ${k} has unsafe characters: ${JSON.stringify(v)}`);
    lines.push(`echo ${k}=${v}`);
  }
  for (const { env, secret } of tmsFilterSecretEnv(plan)) lines.push(`printf '%s\\n' "${env}=$GPUKIT_PH_${secretPlaceholder(secret).replace(/@/g, "")}"`);
  lines.push(`} > ${f}.tmp && mv ${f}.tmp ${f}`);
  return lines;
}

/** `gpukit-tms-filter.service`: the filter container, started after the gateway's config (and the env file) is written. */
export function renderTmsUnit(plan: TmsModerationPlan, network: string, networkLine: string, after: string): string {
  const { name, image } = plan.filter;
  const run = ["run", "--rm", "--name", name, "--network", network, "--env-file", TMS_FILTER_ENV_FILE, "--read-only", image];
  return [
    "[Unit]",
    "Description=gpukit TMS moderation filter",
    `After=docker.service ${after}`,
    "Requires=docker.service",
    "StartLimitIntervalSec=0",
    "[Service]",
    "TimeoutStartSec=infinity",
    `ExecStartPre=-/usr/bin/docker rm -f ${name}`,
    `ExecStartPre=/bin/bash -c ${shellQuote(`${networkLine}; test -s ${TMS_FILTER_ENV_FILE}; docker pull -q ${shellQuote(image)} || docker image inspect ${shellQuote(image)} >/dev/null`)}`,
    `ExecStart=/usr/bin/docker ${run.map(shellQuote).join(" ")}`,
    `ExecStop=/usr/bin/docker stop -t 10 ${name}`,
    "Restart=always",
    "RestartSec=10",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
