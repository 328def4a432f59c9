/**
 * `gpukit plan` runs the deployability checks over the recorded resources and exits 2, naming the
 * resource and the fix, when a deployment would not serve. The base is a real offline run of a
 * two-cloud stack (it passes every check); each case tampers with a copy of its recorded resources
 * the way a broken adapter would, and the real command decides.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshProgram } from "./helpers/program";
import { main } from "../cli/main";
import { makePlanCommand } from "../cli/commands/plan";
import type * as OfflineRun from "../cli/offline/run";
import type { OfflineRunResult } from "../cli/offline/run";
import type { RecordedResource } from "../cli/offline/recorder";

const STACK_FILE = path.join(__dirname, "fixtures", "stacks", "Pulumi.two-clouds.yaml");
let base: OfflineRunResult;

beforeAll(async () => {
  const run = await import("../cli/offline/run.js");
  base = await run.runOffline({ stackFile: STACK_FILE, loadProgram: freshProgram });
}, 120_000);

/** Runs `gpukit plan --stack-file … --format json` on a tampered copy of the base run. */
async function planWith(tamper: (resources: RecordedResource[]) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  const resources = JSON.parse(JSON.stringify(base.resources)) as RecordedResource[];
  tamper(resources);
  const result = { ...base, resources };
  let stdout = "";
  let stderr = "";
  const plan = makePlanCommand({
    loadModules: async () => ({
      run: { runOffline: async () => result } as unknown as typeof OfflineRun,
      report: await import("../cli/format/plan-report.js"),
    }),
  });
  const code = await main(["plan", "--stack-file", STACK_FILE, "--format", "json"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, [plan]);
  return { code, stdout, stderr };
}

const byName = (rs: RecordedResource[], name: string) => {
  const r = rs.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name}: ${rs.map((x) => x.name).join(", ")}`);
  return r;
};
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
const encode = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("gpukit plan: deployability findings exit 2 with the resource and the fix", () => {
  it("the untampered two-cloud run passes every check (exit 0, no findings)", async () => {
    const { code, stdout, stderr } = await planWith(() => undefined);
    expect(stderr).not.toContain("Not deployable");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).deployability.findings).toEqual([]);
  });

  const cases: { check: string; resource: string; tamper: (rs: RecordedResource[]) => void; fix: RegExp }[] = [
    {
      check: "provider-region",
      resource: "use1-vpc",
      tamper: (rs) => void (byName(rs, "use1-vpc").provider = undefined),
      fix: /provider/i,
    },
    {
      check: "host-egress",
      resource: "use1-nat",
      tamper: (rs) => rs.splice(rs.indexOf(byName(rs, "use1-nat")), 1),
      fix: /NAT/,
    },
    {
      check: "lb-reaches-engine",
      resource: "use1-host-in-engine",
      tamper: (rs) => {
        const rule = byName(rs, "use1-host-in-engine");
        delete rule.inputs.referencedSecurityGroupId;
        rule.inputs.cidrIpv4 = "0.0.0.0/0";
      },
      fix: /load balancer/i,
    },
    {
      check: "metadata-mode",
      resource: "use1-lt",
      tamper: (rs) => {
        const lt = byName(rs, "use1-lt");
        const text = decode(String(lt.inputs.userData));
        lt.inputs.userData = encode(text.replace("runcmd:\n", "runcmd:\n- [ sh, -c, 'curl -fsS http://169.254.169.254/latest/meta-data/iam/info' ]\n"));
      },
      fix: /token/i,
    },
    {
      check: "disk-floor",
      resource: "use1-lt",
      tamper: (rs) => {
        const lt = byName(rs, "use1-lt");
        const mappings = lt.inputs.blockDeviceMappings as { ebs: { volumeSize: number } }[];
        mappings[0].ebs.volumeSize = 40;
      },
      fix: /GB/,
    },
    {
      check: "health-grace",
      resource: "use1-asg",
      tamper: (rs) => void (byName(rs, "use1-asg").inputs.healthCheckGracePeriod = 1200),
      fix: /grace/i,
    },
    {
      check: "mainland-registry",
      resource: "hangzhou-lt",
      tamper: (rs) => {
        const lt = byName(rs, "hangzhou-lt");
        lt.inputs.userData = encode(decode(String(lt.inputs.userData)).replaceAll("registry-vpc.cn-hangzhou.aliyuncs.com/acme/", "docker.io/vllm/"));
      },
      fix: /registry/i,
    },
  ];

  for (const c of cases) {
    it(`${c.check}: exit 2, naming ${c.resource} and the fix`, async () => {
      const { code, stdout, stderr } = await planWith(c.tamper);
      expect(code).toBe(2);
      expect(stderr).toContain("Not deployable");
      const findings = JSON.parse(stdout).deployability.findings as { check: string; resource: string; message: string; fix: string }[];
      const mine = findings.filter((f) => f.check === c.check);
      expect(mine.length, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
      expect(mine.some((f) => f.resource.endsWith(`::${c.resource}`) || f.resource === c.resource), JSON.stringify(mine, null, 2)).toBe(true);
      expect(mine.map((f) => f.fix).join("\n")).toMatch(c.fix);
      const line = stderr.split("\n").find((l) => l.startsWith(`${c.check} `));
      expect(line).toContain(" -- fix: ");
    });
  }
});
