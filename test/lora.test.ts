/**
 * LoRA adapters as first-class spec: engine flags, staging, memory and served names, with every
 * expected figure computed by hand from the catalog shapes:
 * - Qwen2.5-7B (hidden 3584, 28 heads, 4 KV heads, head dim 128, intermediate 18944, 28 layers):
 *   Σ (d_in + d_out) over q,k,v,o,gate,up,down = 7168 + 4096 + 4096 + 7168 + 3 × 22528 = 90,112;
 *   q,v only = 7168 + 4096 = 11,264.
 * - Llama-3.1-8B (hidden 4096, 32 heads, 8 KV heads, head dim 128, intermediate 14336, 32 layers):
 *   Σ over all seven = 8192 + 5120 + 5120 + 8192 + 3 × 18432 = 81,920.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { planAdapterStaging, renderAdapterStageScript } from "../components/bootstrap";
import { loraArgs, loraProblem, servedModelNames } from "../components/engines";
import { adapterBytes, loraGpuGb, type LoraPlan } from "../components/plan/adapters";
import { planDeployment } from "../components/plan";
import { ConfigError, parseDeploymentSpec, type ConfigIssue, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec, stagingSpec } from "./fixtures/specs";

const catalog = loadCatalog();
const plan = (raw: DeploymentSpecInput) => planDeployment(parseDeploymentSpec(raw, catalog), "test", catalog);
function issuesOf(raw: DeploymentSpecInput): ConfigIssue[] {
  try {
    plan(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const QWEN7B = { layers: 28, kvHeads: 4, headDim: 128, hiddenSize: 3584, intermediateSize: 18944, attentionHeads: 28 };

/** devSpec (vLLM, Qwen2.5-7B AWQ, A10, cn-hangzhou, cn residency) with two adapters. */
function vllmTwoAdapters(): DeploymentSpecInput {
  const raw = devSpec();
  raw.model.adapters = [
    { name: "support", source: "oss://acme-lora/support", rank: 16 },
    { name: "legal", source: "acme/legal-lora", rank: 8, targetModules: ["q_proj", "v_proj"] },
  ];
  return raw;
}

describe("vLLM with two adapters", () => {
  const base = plan(devSpec()).targets[0]!;
  const t = plan(vllmTwoAdapters()).targets[0]!;

  it("renders the documented flags: --enable-lora, one name=path per adapter, --max-loras 2, --max-lora-rank 16", () => {
    const i = t.engine.command.indexOf("--enable-lora");
    expect(t.engine.command.slice(i)).toEqual([
      "--enable-lora",
      "--lora-modules", "support=/adapters/support", "legal=/adapters/legal",
      "--max-loras", "2",
      "--max-lora-rank", "16",
    ]);
    expect(base.engine.command).not.toContain("--enable-lora");
  });

  it("stages both adapters before the engine starts and mounts them read-only", () => {
    const ud = t.bootstrap.userData;
    expect(ud).toContain("ExecStartPre=/usr/local/lib/gpukit/prestart.sh\n    ExecStartPre=/usr/local/lib/gpukit/stage-adapters.sh");
    expect(ud).toContain("S=oss://acme-lora/support\n    D=/opt/gpukit/models/adapters/support");
    expect(ud).toContain('ossutil64 cp -r -u -f "$S/" "$D/" -e oss-cn-hangzhou-internal.aliyuncs.com --mode EcsRamRole');
    expect(ud).toContain(
      "docker run --rm --entrypoint python3 --env-file /run/gpukit/hub.env -v /opt/gpukit/models/adapters:/adapters registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0 -c",
    );
    expect(ud).toContain("acme/legal-lora /adapters/legal");
    expect(ud).toContain("-v /opt/gpukit/models/adapters:/adapters:ro");
    expect(base.bootstrap.userData).not.toContain("stage-adapters.sh");
  });

  it("adds the adapters' memory: 2 slots × rank 16 × 90,112 × 28 layers × 2 B = 0.16 GB", () => {
    // 2 × 16 × 2 × 28 × 90,112 = 161,480,704 B at TP 1 (every projection gets slots in vLLM).
    expect(t.memory.loraGb).toBe(0.16);
    expect(base.memory.loraGb).toBeUndefined();
    expect(t.memory.weightsGb).toBe(base.memory.weightsGb);
    expect(t.memory.requiredGb).toBe(Math.round((base.memory.requiredGb + 0.161480704) * 100) / 100);
    expect(t.adapters!.adapters.map((a) => [a.name, a.weightsMb, a.weightsBasis])).toEqual([
      ["support", 80.74, "rank-and-shape"], // 16 × 90,112 × 28 × 2 = 80,740,352 B
      ["legal", 5.05, "rank-and-shape"], // 8 × 11,264 × 28 × 2 = 5,046,272 B
    ]);
    expect(t.maxConcurrentSequences).toBeLessThanOrEqual(base.maxConcurrentSequences);
  });

  it("exposes the served model names for the gateway: base, then the adapters", () => {
    expect(t.servedModels).toEqual(["Qwen/Qwen2.5-7B-Instruct-AWQ", "support", "legal"]);
    expect(base.servedModels).toEqual(["Qwen/Qwen2.5-7B-Instruct-AWQ"]);
  });

  it("derives the defaults from the adapters: maxLoras = count, maxLoraRank = largest rank rounded to vLLM's set", () => {
    const raw = vllmTwoAdapters();
    raw.model.adapters![0]!.rank = 24;
    expect(plan(raw).targets[0]!.engine.command.join(" ")).toContain("--max-loras 2 --max-lora-rank 32");
  });
});

describe("adapter memory by hand", () => {
  it("adapter file bytes = rank × Σ (d_in + d_out) × layers × 2", () => {
    expect(adapterBytes(QWEN7B, 16, ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])).toBe(80_740_352);
    expect(adapterBytes(QWEN7B, 8, ["q_proj", "v_proj"])).toBe(5_046_272);
  });

  const lora = (ranks: number[], maxLoras: number, maxLoraRank: number, modules: LoraPlan["adapters"][number]["targetModules"] = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]): LoraPlan => ({
    maxLoras,
    maxLoraRank,
    adapters: ranks.map((rank, i) => ({
      name: `a${i}`, source: { name: `a${i}`, kind: "huggingface", uri: `acme/a${i}` }, rank, rankAssumed: false, targetModules: modules,
      weightsMb: (adapterBytes(QWEN7B, rank, modules) ?? 0) / 1e6, weightsBasis: "rank-and-shape", hostPath: "", containerPath: "",
    })),
  });

  it("vLLM at TP 2 replicates A on column-parallel and B on row-parallel layers", () => {
    // q 2×3584+3584, k,v 2×3584+512, o 3584+2×3584, gate,up 2×3584+18944, down 18944+2×3584 → 115,200 per rank and layer
    expect(loraGpuGb("vllm", lora([16, 8], 2, 16), QWEN7B, 2)).toBeCloseTo((2 * 16 * 2 * 28 * 115_200) / 1e9, 12);
    expect(loraGpuGb("vllm", lora([16, 8], 2, 16), QWEN7B, 1)).toBeCloseTo(0.161480704, 12);
  });

  it("SGLang sizes its pool over the adapters' target modules only; TGI holds the adapters' own weights", () => {
    expect(loraGpuGb("sglang", lora([8], 4, 8, ["q_proj", "v_proj"]), QWEN7B, 1)).toBeCloseTo((4 * 8 * 2 * 28 * 11_264) / 1e9, 12);
    expect(loraGpuGb("tgi", lora([16, 8], 2, 16), QWEN7B, 1)).toBeCloseTo((80_740_352 + 40_370_176) / 1e9, 9);
  });
});

describe("SGLang and TGI", () => {
  it("SGLang: --lora-paths, --max-loras-per-batch, names <base>:<adapter>; memory 2 × 16 × 81,920 × 32 × 2 B", () => {
    const raw = stagingSpec();
    raw.engine = { name: "sglang" };
    raw.model.adapters = [
      { name: "support", source: "acme/support-lora", rank: 16 },
      { name: "legal", source: "acme/legal-lora", rank: 8, targetModules: ["q_proj", "v_proj"] },
    ];
    const t = plan(raw).targets[0]!;
    const args = t.engine.command.join(" ");
    expect(args).toContain("--enable-lora --lora-paths support=/adapters/support legal=/adapters/legal --max-loras-per-batch 2 --max-lora-rank 16");
    expect(t.servedModels).toEqual(["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct:support", "meta-llama/Llama-3.1-8B-Instruct:legal"]);
    expect(t.memory.loraGb).toBe(0.17); // 167,772,160 B
    expect(t.warnings.join("\n")).toContain('clients request e.g. "meta-llama/Llama-3.1-8B-Instruct:support"');
  });

  it("TGI: one --lora-adapters list, memory = the adapters' weights; engine.maxLoras is refused", () => {
    const raw = stagingSpec();
    raw.engine = { name: "tgi" };
    raw.model.adapters = [{ name: "support", source: "acme/support-lora", rank: 16 }];
    const t = plan(raw).targets[0]!;
    expect(t.engine.command.slice(-2)).toEqual(["--lora-adapters", "support=/adapters/support"]);
    // 16 × 81,920 × 32 × 2 = 83,886,080 B
    expect(t.adapters!.adapters[0]!.weightsMb).toBe(83.89);
    expect(t.memory.loraGb).toBe(0.08);
    raw.engine = { name: "tgi", maxLoras: 2 };
    expect(issuesOf(raw)).toEqual([expect.objectContaining({ path: "engine.maxLoras", message: expect.stringContaining("TGI has no option for maxLoras") })]);
  });
});

describe("refusals", () => {
  it("an engine without LoRA by name is refused at model.adapters with the reason and what works", () => {
    for (const engine of ["tensorrt-llm", "torchserve"] as const) {
      const raw = stagingSpec();
      raw.engine = { name: engine };
      raw.model.adapters = [{ name: "support", source: "acme/support-lora", rank: 16 }];
      const issues = issuesOf(raw);
      expect(issues.map((i) => i.path)).toEqual(["model.adapters"]);
      expect(issues[0]!.message).toMatch(/does not serve LoRA adapters by name: .*serve the adapters with vllm/);
    }
  });

  it("LoRA × quantization follows the engines' documents: GGUF on vLLM and AWQ on SGLang are refused", () => {
    expect(loraProblem("vllm", "gguf-q4_k_m")).toContain("vLLM's LoRA maintainer lists GGUF as unsupported");
    expect(loraProblem("sglang", "awq")).toMatch(/SGLang is not documented to serve LoRA adapters on a AWQ \(awq\) base: .*; vllm serves them on awq/);
    expect(loraProblem("vllm", "bnb-nf4", true)).toContain("bitsandbytes mixture-of-experts");
    expect(loraProblem("vllm", "awq")).toBeNull();
    const raw = devSpec();
    raw.engine = { name: "sglang" };
    raw.model.adapters = [{ name: "support", source: "oss://acme-lora/support", rank: 16 }];
    expect(issuesOf(raw)).toEqual([expect.objectContaining({ path: "model.adapters" })]);
  });

  it("an object-storage adapter outside a cn stack's residency is refused at its source", () => {
    const raw = vllmTwoAdapters();
    raw.model.adapters![1] = { name: "legal", source: "s3://acme-lora-us/legal", rank: 8 };
    const issues = issuesOf(raw);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "model.adapters[1].source", given: '"s3://acme-lora-us/legal"' });
    expect(issues[0]!.message).toContain("compliance.dataResidency is cn but adapter legal is in s3:// object storage outside");
  });

  it("without cn residency another cloud's bucket is still refused (no credentials for it)", () => {
    const raw = stagingSpec();
    raw.model.adapters = [{ name: "support", source: "oss://acme-lora/support", rank: 16 }];
    expect(issuesOf(raw)).toEqual([expect.objectContaining({ path: "model.adapters[0].source", message: expect.stringContaining("stages only s3:// buckets") })]);
  });

  it("names, ranks and settings are checked, every problem at once", () => {
    const raw = vllmTwoAdapters();
    raw.model.adapters![1]!.name = "support";
    raw.engine.maxLoraRank = 24;
    const paths = issuesOf(raw).map((i) => i.path).sort();
    expect(paths).toEqual(["engine.maxLoraRank", "model.adapters[1].name"]);
    const low = vllmTwoAdapters();
    low.engine.maxLoraRank = 8;
    expect(issuesOf(low)).toEqual([expect.objectContaining({ path: "engine.maxLoraRank", message: expect.stringContaining("rank 16, above engine.maxLoraRank 8") })]);
    const orphan = devSpec();
    orphan.engine.maxLoras = 2;
    expect(issuesOf(orphan)).toEqual([expect.objectContaining({ path: "engine.maxLoras" })]);
  });

  it("the schema rejects bad names and sources with their paths", () => {
    const raw = vllmTwoAdapters();
    raw.model.adapters![0]!.name = "bad name=x";
    raw.model.adapters![1]!.source = "ftp://x/y";
    let issues: ConfigIssue[] = [];
    try {
      parseDeploymentSpec(raw, catalog);
    } catch (error) {
      issues = (error as ConfigError).issues;
    }
    expect(issues.map((i) => i.path).sort()).toEqual(["model.adapters[0].name", "model.adapters[1].source"]);
  });

  it("runtime kubernetes: hub adapters are downloaded by init containers into /adapters; bucket adapters are refused", () => {
    const raw = clone(stagingSpec());
    raw.targets[0]!.runtime = "kubernetes";
    raw.model.adapters = [
      { name: "support", source: "acme/support-lora", rank: 16 },
      { name: "legal", source: "acme/legal-lora", rank: 8 },
    ];
    const t = plan(raw).targets[0]!;
    const downloads = t.kubernetes!.workload.adapterDownloads;
    expect(downloads.map((d) => [d.name, d.args, d.tokenEnv])).toEqual([
      ["support", ["acme/support-lora", "/adapters/support"], "HF_TOKEN"],
      ["legal", ["acme/legal-lora", "/adapters/legal"], "HF_TOKEN"],
    ]);
    expect(downloads[0]!.image).toBe(t.engine.image);
    expect(downloads[0]!.command.slice(0, 2)).toEqual(["python3", "-c"]);

    const buckets = clone(stagingSpec());
    buckets.targets[0]!.runtime = "kubernetes";
    buckets.model.adapters = [{ name: "support", source: "s3://acme-lora/support", rank: 16 }];
    expect(issuesOf(buckets)).toEqual(expect.arrayContaining([expect.objectContaining({ path: "model.adapters", message: expect.stringContaining("no object-storage credentials") })]));
  });

  it("a rank-less adapter is sized at rank 16 and says so", () => {
    const raw = devSpec();
    raw.model.adapters = [{ name: "support", source: "oss://acme-lora/support" }];
    const t = plan(raw).targets[0]!;
    expect(t.adapters!.adapters[0]).toMatchObject({ rank: 16, rankAssumed: true, weightsMb: 80.74 });
    expect(t.warnings.join("\n")).toContain("has no rank: 16 is assumed");
  });
});

describe("a full fine-tuned checkpoint (README)", () => {
  it("plans from the target's own bucket with the base model's shape, staged by stage.sh", () => {
    const raw = devSpec();
    raw.model = { id: "Qwen/Qwen2.5-7B-Instruct", source: "oss://acme-models/support-ft", quantization: "bf16", maxContextTokens: 8192 };
    raw.targets[0]!.gpu = "L20";
    const t = plan(raw).targets[0]!;
    expect(t.modelSource).toEqual({ kind: "object-storage", uri: "oss://acme-models/support-ft", hostPath: "/opt/gpukit/models/Qwen2.5-7B-Instruct", containerPath: "/models/Qwen2.5-7B-Instruct" });
    expect(t.engine.command[0]).toBe("/models/Qwen2.5-7B-Instruct");
    expect(t.bootstrap.userData).toContain("S=oss://acme-models/support-ft");
    expect(t.servedModels).toEqual(["Qwen/Qwen2.5-7B-Instruct"]);
  });
});

describe("staging steps shared with the Kubernetes runtime", () => {
  it("hub adapters become downloads in the engine image; object storage becomes host sync lines", () => {
    const steps = planAdapterStaging(
      [
        { name: "support", kind: "huggingface", uri: "acme/support-lora" },
        { name: "legal", kind: "object-storage", uri: "s3://acme-lora/legal/" },
      ],
      { cloud: "aws", region: "us-east-1", image: "vllm/vllm-openai:v0.29.0" },
    );
    expect(steps[0]).toMatchObject({
      hostPath: "/opt/gpukit/models/adapters/support",
      containerPath: "/adapters/support",
      download: { image: "vllm/vllm-openai:v0.29.0", args: ["acme/support-lora", "/adapters/support"], tokenEnv: "HF_TOKEN" },
    });
    expect(steps[0]!.download!.command.slice(0, 2)).toEqual(["python3", "-c"]);
    expect(steps[1]!.sync!.copy).toEqual(["S=s3://acme-lora/legal", "D=/opt/gpukit/models/adapters/legal", 'mkdir -p "$D"', 'aws s3 sync --only-show-errors --region us-east-1 "$S" "$D"']);
    expect(renderAdapterStageScript([])).toBeNull();
    expect(() => planAdapterStaging([{ name: "x", kind: "object-storage", uri: "cos://b/x" }], { cloud: "tencentcloud", region: "ap-shanghai", image: "i" })).toThrow(/no instance role/);
    expect(() => planAdapterStaging([{ name: "../x", kind: "huggingface", uri: "a/b" }], { cloud: "aws", region: "us-east-1", image: "i" })).toThrow(/invalid adapter name/);
  });

  it("the engine modules refuse adapters they cannot serve instead of dropping them", () => {
    expect(() => loraArgs("ollama", { adapters: [{ name: "a", containerPath: "/adapters/a" }], maxLoras: 1, maxLoraRank: 16 })).toThrow(/^model.adapters: Ollama does not serve LoRA adapters by name/);
    expect(servedModelNames("ollama", "qwen2.5:7b", [])).toEqual(["qwen2.5:7b"]);
  });
});
