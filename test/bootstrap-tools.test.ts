/**
 * Validates every rendered user-data variant with the real tools: `cloud-init schema` on the
 * document and `shellcheck -s bash` on every script in `write_files`. Install them with
 * `apt-get install -y --no-install-recommends cloud-init shellcheck`. When a tool is missing the
 * test is skipped with a warning locally, and fails in CI (`CI` set).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metadataHelper, renderBootstrap } from "../components/bootstrap";
import { allVariants } from "./fixtures/bootstrap-inputs";
import { cloudInitSchema, cloudInitSchemaAll, extractScripts, hasTool, shellcheck, shellcheckAll } from "./helpers/tools";

const ci = !!process.env.CI;
const tools = { "cloud-init": hasTool("cloud-init"), shellcheck: hasTool("shellcheck") };
for (const [tool, present] of Object.entries(tools)) {
  if (!present) {
    const what = ci ? "FAILING (CI is set)" : "SKIPPING";
    console.warn(`bootstrap-tools: ${tool} not found, ${what}: apt-get install -y --no-install-recommends ${tool}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), "gpukit-bootstrap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const variants = allVariants().map(({ name, input }) => {
  const userData = renderBootstrap(input).userData;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, userData);
  return { name, file, scripts: extractScripts(userData, join(dir, name)) };
});

describe("bootstrap user-data passes cloud-init schema and shellcheck", () => {
  // One cloud-init interpreter and one shellcheck process for the whole matrix (see helpers/tools).
  beforeAll(() => {
    if (tools["cloud-init"]) cloudInitSchemaAll(variants.map((v) => v.file));
    if (tools.shellcheck) shellcheckAll(variants.flatMap((v) => v.scripts));
  });

  it("renders scripts for every variant", () => {
    for (const v of variants) expect(v.scripts.length, v.name).toBeGreaterThanOrEqual(4);
  });

  it.skipIf(!tools["cloud-init"] && !ci).each(variants)("cloud-init schema: $name", ({ file }) => {
    expect(tools["cloud-init"], "cloud-init is not installed").toBe(true);
    const r = cloudInitSchema(file);
    expect(r.output).toContain("Valid cloud-config");
    expect(r.status, r.output).toBe(0);
  });

  it.skipIf(!tools.shellcheck && !ci).each(["aws", "alicloud", "tencentcloud", "volcengine"] as const)("shellcheck: md helper on %s", (cloud) => {
    expect(tools.shellcheck, "shellcheck is not installed").toBe(true);
    const file = join(dir, `md-${cloud}.sh`);
    writeFileSync(file, ["#!/bin/bash", "set -euo pipefail", ...metadataHelper(cloud), 'R=$(md placement/region | head -1)', 'echo "$R"', ""].join("\n"));
    const r = shellcheck([file]);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });

  it.skipIf(!tools.shellcheck && !ci).each(variants)("shellcheck: $name", ({ scripts }) => {
    expect(tools.shellcheck, "shellcheck is not installed").toBe(true);
    const r = shellcheck(scripts);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("the batched validators answer as one process per file would", () => {
  it.skipIf(!(tools["cloud-init"] && tools.shellcheck) && !ci)("a bad and a good document, a bad and a good script", () => {
    expect(tools["cloud-init"] && tools.shellcheck, "cloud-init and shellcheck must be installed").toBe(true);
    const own = mkdtempSync(join(tmpdir(), "gpukit-batch-"));
    const [bad, good, badSh, goodSh] = ["bad.yaml", "good.yaml", "bad.sh", "good.sh"].map((f) => join(own, f));
    writeFileSync(bad, "#cloud-config\nwrite_files: 5\n");
    writeFileSync(good, "#cloud-config\nruncmd: [ls]\n");
    writeFileSync(badSh, "#!/bin/bash\necho $UNQUOTED\n");
    writeFileSync(goodSh, '#!/bin/bash\necho "ok"\n');
    const single = { bad: cloudInitSchema(bad), good: cloudInitSchema(good), badSh: shellcheck([badSh]), goodSh: shellcheck([goodSh]) };
    cloudInitSchemaAll([bad, good]);
    shellcheckAll([badSh, goodSh]);
    expect(cloudInitSchema(bad)).toEqual(single.bad);
    expect(cloudInitSchema(good)).toEqual(single.good);
    expect(single.bad.status).toBe(1);
    expect(single.bad.output).toContain("write_files: 5 is not of type 'array'");
    expect(single.good.output).toContain("Valid cloud-config");
    expect(shellcheck([badSh])).toEqual(single.badSh);
    expect(shellcheck([goodSh])).toEqual({ status: 0, output: "" });
    expect(shellcheck([goodSh, badSh]).status).toBe(1);
    expect(single.badSh.output).toContain("SC2086");
    rmSync(own, { recursive: true, force: true });
  });
});
