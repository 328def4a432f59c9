/**
 * The compatibility matrix through the CLI: each refused engine × quantization × GPU combination
 * exits 2 with the reason and what would work; each allowed one plans (exit 0, one program run each).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { DeploymentSpecInput } from "../components/spec";
import { runCli } from "./helpers/cli";
import { clone, devSpec, stagingSpec } from "./fixtures/specs";

const dir = mkdtempSync(join(tmpdir(), "gpukit-matrix-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stackFile(name: string, spec: DeploymentSpecInput): string {
  const file = join(dir, `Pulumi.${name}.yaml`);
  writeFileSync(file, stringify({ config: { "gpu-inference:deployment": spec } }));
  return file;
}

function variant(base: () => DeploymentSpecInput, mutate: (s: DeploymentSpecInput) => void): DeploymentSpecInput {
  const spec = clone(base());
  mutate(spec);
  return spec;
}

const refused: { name: string; spec: DeploymentSpecInput; reason: RegExp; fix: RegExp }[] = [
  {
    // vLLM serves FP8 weight-only on Ampere (FP8 Marlin); TensorRT-LLM's FP8 needs Ada/Hopper.
    name: "fp8-on-a10-with-tensorrt-llm",
    spec: variant(devSpec, (s) => {
      s.model = { id: "Qwen/Qwen2.5-7B-Instruct", source: "modelscope", quantization: "fp8", maxContextTokens: 8192 };
      s.engine = { name: "tensorrt-llm", maxConcurrentRequests: 16 };
    }),
    reason: /FP8 needs compute capability 8\.9 or later/,
    fix: /use awq/,
  },
  {
    name: "vllm-on-v100",
    spec: variant(stagingSpec, (s) => { s.targets[0].gpu = "V100-16G"; s.targets[0].gpusPerReplica = undefined; s.model.quantization = "fp16"; }),
    reason: /vLLM does not support the V100/,
    fix: /llama-cpp|ollama/,
  },
  {
    name: "trtllm-on-t4",
    spec: variant(stagingSpec, (s) => { s.engine.name = "tensorrt-llm"; s.targets[0].gpu = "T4"; s.targets[0].gpusPerReplica = undefined; s.model.quantization = "fp16"; }),
    reason: /TensorRT-LLM does not support the T4/,
    fix: /compute capability|A100|L40S|H100/,
  },
  {
    name: "gguf-on-tgi",
    spec: variant(stagingSpec, (s) => { s.engine.name = "tgi"; s.model = { id: "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", source: "huggingface", quantization: "gguf-q4_k_m", maxContextTokens: 8192, hubTokenSecret: "hfToken" }; }),
    reason: /TGI cannot serve GGUF|GGUF/,
    fix: /llama-cpp|ollama/,
  },
];

describe("refused combinations exit 2 with the reason and an alternative", () => {
  for (const c of refused) {
    it(c.name, async () => {
      let loaded = false;
      const result = await runCli(["plan", "--stack-file", stackFile(c.name, c.spec)], async () => {
        loaded = true;
      });
      expect(result.code, result.stderr).toBe(2);
      expect(loaded).toBe(false);
      expect(result.stderr).toMatch(c.reason);
      expect(result.stderr).toMatch(c.fix);
    });
  }
});

describe("allowed combinations plan (real binary)", () => {
  const allowed: { name: string; spec: DeploymentSpecInput; expectFlag: string[] }[] = [
    { name: "awq-on-a10-vllm", spec: devSpec(), expectFlag: ["--tensor-parallel-size", "1"] },
    {
      name: "fp8-on-l40s-vllm",
      spec: variant(stagingSpec, (s) => { s.model.quantization = "fp8"; }),
      expectFlag: ["--quantization", "fp8"],
    },
    {
      name: "gguf-on-t4-llama-cpp",
      spec: variant(stagingSpec, (s) => {
        s.engine.name = "llama-cpp";
        s.engine.maxConcurrentRequests = 4;
        s.targets[0].gpu = "T4";
        s.targets[0].gpusPerReplica = 1;
        s.model = { id: "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", source: "huggingface", quantization: "gguf-q4_k_m", maxContextTokens: 8192, hubTokenSecret: "hfToken" };
      }),
      expectFlag: ["--host", "0.0.0.0"],
    },
  ];
  for (const a of allowed) {
    it(a.name, async () => {
      const result = await runCli(["plan", "--stack-file", stackFile(a.name, a.spec), "--format", "json"]);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      const command: string[] = report.targets[0].engine.command;
      const at = command.indexOf(a.expectFlag[0]);
      expect(at, command.join(" ")).toBeGreaterThanOrEqual(0);
      expect(command[at + 1]).toBe(a.expectFlag[1]);
      expect(report.resources.length).toBeGreaterThan(10);
    });
  }
});
