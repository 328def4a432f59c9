/**
 * The policy matrix: for every rule, a crafted stack violates it and `gpukit check` exits 1 naming
 * that rule. The base is a real offline run of the two-cloud fixture (AWS us-east-1 + Alibaba Cloud
 * cn-hangzhou); each case tampers with a copy of its recorded resources the way a broken adapter or
 * a hand edit would (test/cli-deployability.test.ts's technique), or tightens the config; the real
 * command decides. The untampered run has no violation of the rule (so the tamper is the cause),
 * except for the few findings the kit's own stack carries today (advisory in the shipped configs).
 * Spec-expressible violations are also crafted as stack files in test/check-stacks.test.ts, and
 * data residency (which needs a `cn` spec) in test/check-residency.test.ts.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { main } from "../cli/main";
import { makeCheckCommand } from "../cli/commands/check";
import type { CheckResult } from "../cli/format/check-run";
import type { OfflineRunResult } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";
import { RULES } from "../policies/rules";
import { strictConfig } from "./policy-harness";

const STACK_FILE = path.join(__dirname, "fixtures", "stacks", "Pulumi.two-clouds.yaml");
let base: OfflineRunResult;

beforeAll(async () => {
  const run = await import("../cli/offline/run.js");
  base = await run.runOffline({ stackFile: STACK_FILE, loadProgram: freshProgram });
}, 120_000);

async function checkWith(tamper: (rs: RecordedResource[]) => void, config: string): Promise<{ code: number; result: CheckResult; stderr: string }> {
  const resources = JSON.parse(JSON.stringify(base.resources)) as RecordedResource[];
  tamper(resources);
  let stdout = "";
  let stderr = "";
  const cmd = makeCheckCommand({ loadRun: async () => ({ ...base, resources }), loadModules: async () => ({ rules: await import("../policies/rules/index.js"), runner: await import("../cli/format/check-run.js") }) });
  const code = await main(["check", "--stack-file", STACK_FILE, "--config", config, "--format", "json"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [cmd]);
  if (!stdout) throw new Error(`check exited ${code}: ${stderr}`);
  return { code, result: JSON.parse(stdout) as CheckResult, stderr };
}

const byName = (rs: RecordedResource[], name: string) => {
  const r = rs.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name}: ${rs.map((x) => x.name).join(", ")}`);
  return r;
};
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
const encode = (text: string) => Buffer.from(text, "utf8").toString("base64");
const add = (rs: RecordedResource[], type: string, name: string, inputs: Record<string, unknown>) =>
  rs.push({ type, name, urn: `urn:pulumi:two-clouds::gpu-inference::${type}::${name}`, custom: true, id: `${name}-id`, inputs } as RecordedResource);
const none = () => undefined;

/** Findings the untampered run has today (rules advisory in the shipped configs). */
const BASELINE_FINDINGS = new Set(["sec-imds-plain-reads", "comp-data-classification-tag", "cost-unpriced-resources"]);
/**
 * Deployability checks that act only on parts the fixture does not have (a Kubernetes target, a
 * vector database, a gateway): they are no-ops here; their own tests craft those resources.
 */
/**
 * Rules whose resources this stack does not have (a cluster, a gateway, a vector database on its own
 * host); their tampered cases live in test/kubernetes-*.test.ts, test/gateway-*.test.ts and
 * test/vector-database-vm.test.ts / test/pgvector-managed.test.ts; Tencent SSM secrets (secret-access) in
 * test/tencentcloud-secrets-offline.test.ts.
 */
const NEEDS_KUBERNETES = new Set(["deployability-kubernetes-workload", "deployability-vector-database", "deployability-gateway-port", "deployability-vector-database-vm", "deployability-secret-access"]);

const CASES: Record<string, { tamper: (rs: RecordedResource[]) => void; config?: Record<string, unknown> }> = {
  "cost-monthly-budget": { tamper: none, config: { "cost-monthly-budget": { enforcementLevel: "mandatory", maxMonthly: 1, currency: "USD" } } },
  "cost-max-gpus": { tamper: (rs) => void (byName(rs, "use1-asg").inputs.maxSize = 40) },
  "cost-allowed-gpu-models": { tamper: (rs) => void (byName(rs, "use1-lt").inputs.instanceType = "p3.2xlarge") },
  "cost-spot-required": { tamper: none, config: { "cost-spot-required": { enforcementLevel: "mandatory", requireSpot: true } } },
  "cost-top-tier-gpus": { tamper: (rs) => void (byName(rs, "use1-lt").inputs.instanceType = "p5.4xlarge") },
  "cost-autoscaling-max": { tamper: (rs) => void (byName(rs, "hangzhou-asg").inputs.maxSize = 9) },
  "cost-unpriced-resources": { tamper: (rs) => add(rs, "aws:foo/bar:Bar", "use1-bar", {}) },
  "sec-no-admin-ports-open": { tamper: (rs) => Object.assign(byName(rs, "use1-lb-in-80-0").inputs, { fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" }) },
  "sec-engine-port-lb-only": {
    tamper: (rs) => {
      const rule = byName(rs, "use1-host-in-engine").inputs;
      delete rule.referencedSecurityGroupId;
      rule.cidrIpv4 = "10.0.0.0/8";
    },
  },
  "sec-https-listeners": { tamper: none, config: { "sec-https-listeners": { enforcementLevel: "mandatory", requireHttps: true } } },
  "sec-open-listener-auth": { tamper: (rs) => void ((byName(rs, "use1-alb").inputs.internal = false), (byName(rs, "use1-lb-in-80-0").inputs.cidrIpv4 = "0.0.0.0/0")) },
  "sec-data-stores-private": { tamper: (rs) => add(rs, "aws:rds/instance:Instance", "use1-db", { publiclyAccessible: true }) },
  "sec-no-public-ip-gpu-hosts": { tamper: (rs) => void ((byName(rs, "use1-lt").inputs.networkInterfaces as Record<string, unknown>[])[0]!.associatePublicIpAddress = "true") },
  "sec-imds-hardened": { tamper: (rs) => void ((byName(rs, "use1-lt").inputs.metadataOptions as Record<string, unknown>).httpTokens = "optional") },
  "sec-imds-plain-reads": { tamper: none },
  "sec-encrypted-disks": { tamper: (rs) => void ((byName(rs, "use1-lt").inputs.blockDeviceMappings as { ebs: Record<string, unknown> }[])[0]!.ebs.encrypted = "false") },
  "sec-disk-encryption-unavailable": { tamper: (rs) => add(rs, "tencentcloud:Instance/instance:Instance", "hangzhou-cvm", {}) },
  "sec-no-plaintext-secrets": { tamper: (rs) => void (byName(rs, "hangzhou-lt").inputs.userData = encode(`${decode(String(byName(rs, "hangzhou-lt").inputs.userData))}\n# key AKIAABCDEFGHIJKLMNOP\n`)) },
  "deployability-provider-region": { tamper: (rs) => void (byName(rs, "use1-vpc").provider = undefined) },
  "deployability-host-egress": { tamper: (rs) => void rs.splice(rs.indexOf(byName(rs, "use1-nat")), 1) },
  "deployability-lb-reaches-engine": { tamper: (rs) => void ((byName(rs, "use1-host-in-engine").inputs.referencedSecurityGroupId = "sg-other")) },
  "deployability-metadata-mode": {
    tamper: (rs) => {
      const lt = byName(rs, "use1-lt");
      lt.inputs.userData = encode(decode(String(lt.inputs.userData)).replace("runcmd:\n", "runcmd:\n- [ sh, -c, 'curl -fsS http://169.254.169.254/latest/meta-data/iam/info' ]\n"));
    },
  },
  "deployability-disk-floor": { tamper: (rs) => void ((byName(rs, "use1-lt").inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[])[0]!.ebs.volumeSize = 40) },
  "deployability-health-grace": { tamper: (rs) => void (byName(rs, "use1-asg").inputs.healthCheckGracePeriod = 1200) },
  "deployability-mainland-registry": { tamper: (rs) => void (byName(rs, "hangzhou-lt").inputs.userData = encode(decode(String(byName(rs, "hangzhou-lt").inputs.userData)).replaceAll("registry-vpc.cn-hangzhou.aliyuncs.com/acme/", "docker.io/vllm/"))) },
  "comp-required-tags": { tamper: (rs) => void delete (byName(rs, "use1-lt").inputs.tags as Record<string, string>).owner },
  "comp-data-classification-tag": { tamper: none },
  "comp-export-control": { tamper: (rs) => void (byName(rs, "hangzhou-lt").inputs.instanceType = "ecs.gn7-c12g1.3xlarge"), config: { "comp-export-control": { enforcementLevel: "mandatory", blockedStatuses: ["licence-required", "barred"] } } },
  "comp-cn-filing-moderation": { tamper: (rs) => void (byName(rs, "hangzhou-alb").inputs.addressType = "Internet") },
  "comp-cn-log-retention": { tamper: (rs) => void (byName(rs, "hangzhou-alb").inputs.addressType = "Internet") },
};

describe("for every rule, a crafted violation makes `gpukit check` exit 1 naming it", () => {
  it("has a case for every rule but data residency (cn spec) and the Kubernetes/gateway-only checks", () => {
    const expected = RULES.map((r) => r.policy.name).filter((n) => n !== "comp-data-residency" && !NEEDS_KUBERNETES.has(n));
    expect(Object.keys(CASES).sort()).toEqual(expected.sort());
    for (const n of NEEDS_KUBERNETES) expect(RULES.map((r) => r.policy.name)).toContain(n);
  });

  /** The untampered check under the strict staging config: the same for every case without its own config. */
  let untampered: ReturnType<typeof checkWith> | undefined;
  for (const [rule, c] of Object.entries(CASES)) {
    it(rule, async () => {
      const config = strictConfig("staging", c.config);
      if (!BASELINE_FINDINGS.has(rule) && !c.config) {
        const before = await (untampered ??= checkWith(none, config));
        expect(before.result.violations.filter((v) => v.policy === rule).map((v) => v.message)).toEqual([]);
      }
      const after = await checkWith(c.tamper, config);
      expect(after.code).toBe(1);
      const mine = after.result.violations.filter((v) => v.policy === rule);
      expect(mine.length, JSON.stringify(after.result.violations.map((v) => `${v.policy}: ${v.message}`), null, 1)).toBeGreaterThan(0);
      expect(mine.every((v) => v.enforcementLevel === "mandatory")).toBe(true);
      expect(after.stderr).toMatch(new RegExp(`mandatory policy violation\\(s\\): .*\\b${rule}\\b`));
    });
  }

  it("the untampered run passes every mandatory rule of the shipped staging config", async () => {
    const { code, result } = await checkWith(none, path.join(__dirname, "..", "policies", "config", "staging.json"));
    expect(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it("deployability rules with inputs unknown at preview report can't-run (advisory), never a false pass or a mandatory finding", async () => {
    const unknownAll = (v: unknown): unknown => (typeof v === "string" ? "04da6b54-80e4-46f7-96ec-b56ff0331ba9" : Array.isArray(v) ? v.map(unknownAll) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknownAll(x)])) : v);
    const { result } = await checkWith((rs) => rs.forEach((r) => void (r.inputs = unknownAll(r.inputs) as Record<string, unknown>)), path.join(__dirname, "..", "policies", "config", "staging.json"));
    for (const rule of RULES.map((r) => r.policy.name).filter((n) => n.startsWith("deployability-") && !NEEDS_KUBERNETES.has(n))) {
      const mine = result.violations.filter((v) => v.policy === rule);
      expect(mine.map((v) => v.enforcementLevel), rule).toEqual(["advisory"]);
      expect(mine[0]!.message).toMatch(new RegExp(`^can't run policy '${rule}' .* during preview: `));
    }
  });

  it("a value unknown at preview is reported as the policy host would: advisory, can't run", async () => {
    const { result } = await checkWith((rs) => void (byName(rs, "use1-lt").inputs.metadataOptions = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff"), path.join(__dirname, "..", "policies", "config", "staging.json"));
    const v = result.violations.find((x) => x.policy === "sec-imds-hardened");
    expect(v).toMatchObject({ enforcementLevel: "advisory", urn: expect.stringContaining("use1-lt") });
    expect(v!.message).toBe("can't run policy 'sec-imds-hardened' from policy pack 'gpu-inference-kit@v0.1.0' during preview: Object value at .metadataOptions can't be known during preview");
  });
});
