/**
 * Instance metadata in the boot scripts (real-path review aws-alicloud #2): Alibaba hosts run in
 * hardened (token-only) mode, so every read of 100.100.100.200 must send the session token, and the
 * plan must say which mode the hosts need and what the scripts do. Expected values are written out
 * by hand from the vendors' docs, not read from the kit's tables.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { metadataHelper, renderBootstrap } from "../components/bootstrap";
import type { Cloud } from "../catalog/schema";
import { allVariants, bootstrapInput } from "./fixtures/bootstrap-inputs";

/** Every bash script of a user-data document, by file name. */
function scripts(userData: string): Record<string, string> {
  const doc = parse(userData) as { write_files: { path: string; content: string }[] };
  return Object.fromEntries(
    doc.write_files.filter((f) => f.content.startsWith("#!/bin/bash")).map((f) => [f.path.split("/").pop()!, f.content]),
  );
}

/** Metadata hosts of the four clouds, from their docs. */
const HOSTS = ["100.100.100.200", "169.254.169.254", "metadata.tencentyun.com", "100.96.0.96"];

/** The lines of the `md() { ... }` definition in a script (empty when there is none). */
function helperLines(script: string): string[] {
  const lines = script.split("\n");
  const start = lines.findIndex((l) => /^md\(\) \{/.test(l));
  if (start < 0) return [];
  if (lines[start]!.trimEnd().endsWith("}")) return [lines[start]!];
  const end = lines.findIndex((l, i) => i > start && l === "}");
  return lines.slice(start, end + 1);
}

describe("Alibaba Cloud scripts read metadata only with the hardened-mode token", () => {
  const alicloud = allVariants().filter((v) => v.input.cloud === "alicloud");

  it.each(alicloud)("$name: every curl of 100.100.100.200 is the token PUT or sends X-aliyun-ecs-metadata-token", ({ input }) => {
    const all = Object.entries(scripts(renderBootstrap(input).userData));
    // A variant may read no metadata at all (plain install-driver, no secrets, hub weights): then the
    // rule holds vacuously, and the scripts must say so by having no such line anywhere.
    expect(all.every(([, script]) => !script.includes("100.100.100.200")) || all.some(([, script]) => script.includes("md() {"))).toBe(true);
    for (const [name, script] of all) {
      for (const line of script.split("\n").filter((l) => l.includes("100.100.100.200"))) {
        const isTokenPut = /curl .*-X PUT -H 'X-aliyun-ecs-metadata-token-ttl-seconds: \d+' http:\/\/100\.100\.100\.200\/latest\/api\/token/.test(line);
        const sendsToken = /curl .*-H "X-aliyun-ecs-metadata-token: \$t" "http:\/\/100\.100\.100\.200\/latest\/meta-data\//.test(line);
        expect(isTokenPut || sendsToken, `${name}: ${line}`).toBe(true);
      }
    }
  });

  it.each(alicloud)("$name: every metadata read goes through the md helper", ({ input }) => {
    for (const [name, script] of Object.entries(scripts(renderBootstrap(input).userData))) {
      const helper = helperLines(script);
      const outside = script.split("\n").filter((l) => !helper.includes(l));
      for (const host of HOSTS) expect(outside.filter((l) => l.includes(host)), `${name} reads ${host} outside md()`).toEqual([]);
    }
  });

  it("reads source-address (auto-install), the RAM role (secrets.sh, stage.sh) through md", () => {
    const s = scripts(renderBootstrap(bootstrapInput("alicloud", { secrets: true, objectStorage: true })).userData);
    expect(s["setup.sh"]).toContain('U="$(md source-address | head -1)"');
    expect(s["secrets.sh"]).toContain("R=$(md ram/security-credentials/ | head -1)");
    expect(s["stage.sh"]).toContain("R=$(md ram/security-credentials/ | head -1)");
    for (const name of ["setup.sh", "secrets.sh", "stage.sh"]) {
      expect(s[name]!.match(/^md\(\) \{$/gm), `${name} defines md once`).toHaveLength(1);
    }
  });

  it("the helper does PUT /latest/api/token, then GET with the token (curl stubbed in bash)", () => {
    const setup = scripts(renderBootstrap(bootstrapInput("alicloud")).userData)["setup.sh"]!;
    const script = [
      "set -euo pipefail",
      'curl() { printf "%s|" "$@" >&2; printf "\\n" >&2; echo TOKEN123; }',
      ...helperLines(setup),
      "md source-address >/dev/null",
    ].join("\n");
    const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const calls = r.stderr.trim().split("\n");
    expect(calls).toEqual([
      "-fsS|--retry|5|-X|PUT|-H|X-aliyun-ecs-metadata-token-ttl-seconds: 300|http://100.100.100.200/latest/api/token|",
      "-fsS|--retry|5|-H|X-aliyun-ecs-metadata-token: TOKEN123|http://100.100.100.200/latest/meta-data/source-address|",
    ]);
  });
});

describe("md helper per cloud (curl stubbed in bash)", () => {
  function calls(cloud: Cloud, item: string): string[] {
    const script = ["set -euo pipefail", 'curl() { printf "%s|" "$@" >&2; printf "\\n" >&2; echo TKN; }', ...metadataHelper(cloud), `md ${item} >/dev/null`].join("\n");
    const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stderr.trim().split("\n");
  }

  it("AWS: IMDSv2 PUT /latest/api/token, then X-aws-ec2-metadata-token", () => {
    expect(calls("aws", "placement/region")).toEqual([
      "-fsS|--retry|5|-X|PUT|-H|X-aws-ec2-metadata-token-ttl-seconds: 300|http://169.254.169.254/latest/api/token|",
      "-fsS|--retry|5|-H|X-aws-ec2-metadata-token: TKN|http://169.254.169.254/latest/meta-data/placement/region|",
    ]);
  });

  it("Tencent Cloud: a plain GET (no token flow documented)", () => {
    expect(calls("tencentcloud", "placement/region")).toEqual(["-fsS|--retry|5|http://metadata.tencentyun.com/latest/meta-data/placement/region|"]);
  });

  it("Volcano Engine: a plain GET (the SDK's token flow is unconfirmed and the kit does not require tokens there)", () => {
    expect(calls("volcengine", "instance_id")).toEqual(["-fsS|--retry|5|http://100.96.0.96/latest/instance_id|"]);
  });
});

describe("metadata plan", () => {
  it("AWS: IMDSv2 required; the AWS CLI handles the token and no script curls metadata", () => {
    const m = renderBootstrap(bootstrapInput("aws", { secrets: true, objectStorage: true })).metadata;
    expect(m).toEqual({
      endpoint: "http://169.254.169.254/latest/meta-data/",
      mode: "token-required",
      tokenFlow: true,
      scriptsUseToken: true,
      reads: [],
      plainModeTools: [],
      minCloudInit: null,
      source: expect.stringContaining("docs.aws.amazon.com"),
    });
  });

  it("Alibaba auto-install: the scripts send the token, but the hosts stay token-optional while auto_install_v4.0.sh is unconfirmed", () => {
    const plan = renderBootstrap(bootstrapInput("alicloud"));
    expect(plan.metadata).toMatchObject({
      endpoint: "http://100.100.100.200/latest/meta-data/",
      mode: "token-optional",
      tokenFlow: true,
      scriptsUseToken: true,
      reads: ["source-address"],
      plainModeTools: ["auto_install_v4.0.sh"],
    });
    expect(plan.warnings.join(" ")).toMatch(/httpTokens: optional.*auto_install_v4\.0\.sh/);
  });

  it("Alibaba install-driver with a hub source and no secrets: token-required, cloud-init >= 23.2.2 in the image", () => {
    const plan = renderBootstrap(bootstrapInput("alicloud", { strategy: "install-driver" }));
    expect(plan.metadata).toMatchObject({ mode: "token-required", scriptsUseToken: true, reads: [], plainModeTools: [], minCloudInit: "23.2.2" });
    expect(plan.warnings).toEqual([]);
  });

  it.each(["tencentcloud", "volcengine"] as Cloud[])("%s: no token-only mode in the kit, no metadata reads", (cloud) => {
    const m = renderBootstrap(bootstrapInput(cloud)).metadata;
    expect(m).toMatchObject({ mode: "token-optional", tokenFlow: false, scriptsUseToken: true, reads: [] });
  });

  it("no script of any variant reads metadata outside the helper", () => {
    for (const { name, input } of allVariants()) {
      for (const [file, script] of Object.entries(scripts(renderBootstrap(input).userData))) {
        const helper = helperLines(script);
        const outside = script.split("\n").filter((l) => !helper.includes(l));
        for (const host of HOSTS) expect(outside.some((l) => l.includes(host)), `${name}/${file}: ${host}`).toBe(false);
      }
    }
  });
});
