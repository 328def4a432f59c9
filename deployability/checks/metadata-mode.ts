/**
 * `metadata-mode`: hosts launched token-only (AWS `metadataOptions.httpTokens: "required"`, Alibaba
 * `httpTokens: "required"`) run boot scripts that send the metadata token on every read; a plain
 * `curl` of the metadata service is refused, `set -e` stops the script and the host never serves
 * (real-path review aws-alicloud #2). The user-data is decoded and every curl/wget of a metadata
 * host (169.254.169.254, 100.100.100.200, metadata.tencentyun.com, 100.96.0.96) must carry the
 * cloud's token header, except the token request itself. Also: the plan's own metadata decision
 * (`bootstrap.metadata.mode`, when the plan has it) must match what the template asks for.
 */
import { METADATA_SERVICES } from "../../catalog/facts/metadata";
import { CLOUDS, type Cloud } from "../../catalog/schema";
import { HOST_TEMPLATE_FACTS } from "../facts";
import { hostTemplates } from "../hosts";
import { handle, readPath, RunIndex, targetScopes } from "../scope";
import type { CheckResult, DeployabilityCheck, DeploymentRun, Finding, Note } from "../types";
import { metadataReads, shellTexts } from "../userdata";

const ID = "metadata-mode" as const;

/** Metadata host → the cloud whose service it is (from catalog/facts/metadata.ts). */
export function metadataHosts(): Map<string, Cloud> {
  const out = new Map<string, Cloud>();
  for (const cloud of CLOUDS) out.set(new URL(METADATA_SERVICES[cloud].metaDataUrl).hostname, cloud);
  return out;
}

/** The metadata facet of the plan, read defensively (in flight: `bootstrap.metadata`). */
function plannedMode(bootstrap: unknown): string | undefined {
  const m = (bootstrap as { metadata?: { mode?: unknown } } | undefined)?.metadata?.mode;
  return typeof m === "string" ? m : undefined;
}

export const metadataMode: DeployabilityCheck = {
  id: ID,
  description: "Hosts launched with token-only instance metadata run boot scripts that send the metadata token on every metadata read.",
  remediation: "Read metadata through the bootstrap's `md` helper (token PUT, then the token header on each GET), or launch the hosts with httpTokens: optional while a tool without token support runs at boot.",
  run(run: DeploymentRun): CheckResult {
    const index = new RunIndex(run.resources);
    const findings: Finding[] = [];
    const notes: Note[] = [];
    const hosts = metadataHosts();
    for (const scope of targetScopes(run, index)) {
      if (!scope.component) continue;
      const target = scope.plan.name;
      const planned = plannedMode(scope.plan.bootstrap);
      for (const t of hostTemplates(scope)) {
        const fact = HOST_TEMPLATE_FACTS[t.resource.type];
        if (!fact?.httpTokens) continue;
        const tokens = readPath(t.resource.inputs, fact.httpTokens);
        if (tokens !== "required") continue;
        const r = t.resource;
        if (planned === "token-optional") {
          findings.push({
            check: ID,
            target,
            resource: handle(r),
            message: `${r.name} sets ${fact.httpTokens}: "required", but the plan asks for token-optional hosts (bootstrap.metadata.mode): a tool run at boot reads metadata without a token and would be refused`,
            fix: `set ${fact.httpTokens}: "optional" on ${r.name} when plan.bootstrap.metadata.mode is "token-optional"`,
          });
        }
        if (t.userData === undefined) {
          notes.push({ check: ID, target, message: `${r.name}: user-data absent or unresolved offline; metadata reads not checked` });
          continue;
        }
        const reads = metadataReads(shellTexts(t.userData), [...hosts.keys()]);
        for (const read of reads) {
          if (read.tokenRequest) continue;
          const cloud = hosts.get(read.host)!;
          const token = METADATA_SERVICES[cloud].token;
          const header = token?.header.toLowerCase();
          if (header && read.headers.includes(header)) continue;
          findings.push({
            check: ID,
            target,
            resource: handle(r),
            message: `${r.name} requires metadata tokens (${fact.httpTokens}: "required") but its user-data (${read.origin}) reads ${read.host} without ${token ? `the ${token.header} header` : "a token (the service documents no token flow)"}: \`${read.command.slice(0, 160)}\` is refused and the boot script stops (${METADATA_SERVICES[cloud].source})`,
            fix: token
              ? `get a token (${token.method} ${token.url} with ${token.ttlHeader}) and send -H "${token.header}: $TOKEN" on this read (the bootstrap's md helper does both), or set ${fact.httpTokens}: "optional" on ${r.name}`
              : `do not read ${read.host} from a token-only host, or set ${fact.httpTokens}: "optional" on ${r.name}`,
          });
        }
      }
    }
    return { findings, notes };
  },
};
