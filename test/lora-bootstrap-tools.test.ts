/**
 * User-data of planned targets with LoRA adapters passes `cloud-init schema` and `shellcheck -s bash`
 * (`stage-adapters.sh` included): object storage on Alibaba Cloud and AWS, ModelScope and Hugging
 * Face downloads, with and without a hub token. Missing tools skip locally and fail in CI (`CI` set),
 * as in bootstrap-tools.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { devSpec, stagingSpec } from "./fixtures/specs";
import { cloudInitSchema, cloudInitSchemaAll, extractScripts, hasTool, shellcheck, shellcheckAll } from "./helpers/tools";

const ci = !!process.env.CI;
const tools = { "cloud-init": hasTool("cloud-init"), shellcheck: hasTool("shellcheck") };
const catalog = loadCatalog();
const dir = mkdtempSync(join(tmpdir(), "gpukit-lora-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function specs(): { name: string; raw: DeploymentSpecInput }[] {
  const ali = devSpec();
  ali.model.adapters = [
    { name: "support", source: "oss://acme-lora/support", rank: 16 },
    { name: "legal", source: "acme/legal-lora", rank: 8 },
  ];
  const aws = stagingSpec();
  aws.model.adapters = [
    { name: "support", source: "s3://acme-lora/support/", rank: 16 },
    { name: "v2.odd_name-1", source: "acme/odd-lora", rank: 64 },
  ];
  const tgi = stagingSpec();
  tgi.engine = { name: "tgi" };
  tgi.model = { id: "Qwen/Qwen2.5-7B-Instruct", source: "huggingface", quantization: "bf16", maxContextTokens: 8192 };
  tgi.model.adapters = [{ name: "support", source: "acme/support-lora", rank: 16 }];
  return [
    { name: "alicloud-vllm-oss-modelscope", raw: ali },
    { name: "aws-vllm-s3-hf-token", raw: aws },
    { name: "aws-tgi-hf", raw: tgi },
  ];
}

const variants = specs().map(({ name, raw }) => {
  const userData = planDeployment(parseDeploymentSpec(raw, catalog), "lora", catalog).targets[0]!.bootstrap.userData;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, userData);
  return { name, file, userData, scripts: extractScripts(userData, join(dir, name)) };
});

describe("LoRA user-data passes cloud-init schema and shellcheck", () => {
  // One cloud-init interpreter and one shellcheck process for the whole matrix (see helpers/tools).
  beforeAll(() => {
    if (tools["cloud-init"]) cloudInitSchemaAll(variants.map((v) => v.file));
    if (tools.shellcheck) shellcheckAll(variants.flatMap((v) => v.scripts));
  });

  it("every variant has a stage-adapters.sh", () => {
    for (const v of variants) expect(v.scripts.some((s) => s.endsWith("stage-adapters.sh")), v.name).toBe(true);
  });

  it.skipIf(!tools["cloud-init"] && !ci).each(variants)("cloud-init schema: $name", ({ file }) => {
    expect(tools["cloud-init"], "cloud-init is not installed").toBe(true);
    const r = cloudInitSchema(file);
    expect(r.output).toContain("Valid cloud-config");
    expect(r.status, r.output).toBe(0);
  });

  it.skipIf(!tools.shellcheck && !ci).each(variants)("shellcheck: $name", ({ scripts }) => {
    expect(tools.shellcheck, "shellcheck is not installed").toBe(true);
    const r = shellcheck(scripts);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });
});
