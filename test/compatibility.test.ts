import { describe, expect, it } from "vitest";
import { QUANTIZATIONS, type GpuSpec, type Quantization } from "../catalog/schema";
import {
  checkCompatibility,
  compatibleQuantizations,
  isCompatible,
  type CompatibilityRequest,
} from "../components/engines/compatibility";
import { ENGINE_COMPATIBILITY } from "../components/engines/compatibility-data";
import { ENGINE_NAMES, type EngineName } from "../components/spec/schema";
import { A10, A100, ALL_GPUS, H100, H20, H800, L20, L4, L40S, T4, V100 } from "./fixtures/gpus";

function req(engine: EngineName, quantization: Quantization, gpu: GpuSpec, kvCacheDtype: "auto" | "fp8" = "auto"): CompatibilityRequest {
  return { engine, quantization, gpu, kvCacheDtype };
}

describe("refused combinations name the reason and the alternatives", () => {
  it("FP8 on the A10 with SGLang: lists the FP8 GPUs from the catalog and the A10's formats", () => {
    const problems = checkCompatibility(req("sglang", "fp8", A10), ALL_GPUS);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p?.field).toBe("model.quantization");
    expect(p?.message).toContain("FP8 needs compute capability 8.9 or later");
    expect(p?.message).toContain(": L20, L40S, L4, H800, H20, H100-SXM;");
    expect(p?.message).toContain("on the A10 (compute capability 8.6) with SGLang use awq, gptq or int8");
  });

  it("the FP8 GPU list comes from the gpus argument, not a fixed list", () => {
    const [p] = checkCompatibility(req("tensorrt-llm", "fp8", A10), [A10, L4]);
    expect(p?.message).toContain(": L4;");
    expect(p?.message).not.toContain("H800");
  });

  it("vLLM serves FP8 weight-only on Ampere (FP8 Marlin, CC ≥ 8.0) but not FP8 MoE there, nor on Turing", () => {
    expect(checkCompatibility(req("vllm", "fp8", A10), ALL_GPUS)).toEqual([]);
    expect(checkCompatibility(req("vllm", "fp8", A100), ALL_GPUS)).toEqual([]);
    const moe = checkCompatibility({ ...req("vllm", "fp8", A100), moe: true }, ALL_GPUS);
    expect(moe).toHaveLength(1);
    expect(moe[0].message).toContain("FP8 needs compute capability 8.9 or later (vLLM serves FP8 checkpoints on Ampere as weight-only W8A16 through FP8 Marlin");
    expect(moe[0].message).toContain("FP8 MoE models need Ada or Hopper");
    const turing = checkCompatibility(req("vllm", "fp8", T4), ALL_GPUS);
    expect(turing[0].message).toContain("FP8 needs compute capability 8.0 or later");
    expect(turing[0].message).toContain(": A10, L20, L40S, L4, A100, H800, H20, H100-SXM;");
  });

  it("current vLLM on the V100: maintainer's reason, GGUF engines, 7.5+ GPUs", () => {
    const problems = checkCompatibility(req("vllm", "gptq", V100), ALL_GPUS);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p?.field).toBe("engine.name");
    expect(p?.message).toContain("vLLM does not support the V100 (compute capability 7.0)");
    expect(p?.message).toContain("None of the current attention backends support V100");
    expect(p?.message).toContain("use llama-cpp or ollama with a GGUF model");
    expect(p?.message).toContain("pick a GPU with compute capability 7.5+ (A10, L20, L40S, L4, T4, A100, H800, H20, H100-SXM)");
  });

  it("TensorRT-LLM on the T4: not on NVIDIA's list, says what is supported", () => {
    const problems = checkCompatibility(req("tensorrt-llm", "awq", T4), ALL_GPUS);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("engine.name");
    expect(problems[0]?.message).toContain("TensorRT-LLM does not support the T4 (compute capability 7.5)");
    expect(problems[0]?.message).toContain("supported-hardware list starts at Ampere A100");
    expect(problems[0]?.message).toContain("compute capability 8.0+ (A10, L20, L40S, L4, A100, H800, H20, H100-SXM)");
  });

  it("GGUF on TGI: use llama-cpp or ollama, or an awq/gptq checkpoint", () => {
    const problems = checkCompatibility(req("tgi", "gguf-q4_k_m", A10), ALL_GPUS);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p?.field).toBe("model.quantization");
    expect(p?.message).toContain("TGI cannot serve GGUF Q4_K_M (gguf-q4_k_m)");
    expect(p?.message).toMatch(/Use vllm, sglang, llama-cpp or ollama for gguf-q4_k_m/);
    expect(p?.message).toMatch(/or use a checkpoint in .*awq, gptq.* with TGI/);
  });

  it("BF16 on the T4: no BF16 before Ampere, suggests fp16", () => {
    const problems = checkCompatibility(req("vllm", "bf16", T4), ALL_GPUS);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("model.quantization");
    expect(problems[0]?.message).toContain("BF16 needs compute capability 8.0 or later");
    expect(problems[0]?.message).toContain("Volta and Turing have no BF16");
    expect(problems[0]?.message).toContain("on the T4 (compute capability 7.5) with vLLM use fp16, awq or gptq");
  });

  it("AWQ on the V100 with TGI: below AWQ's floor, GPTQ suggested", () => {
    const [p] = checkCompatibility(req("tgi", "awq", V100), ALL_GPUS);
    expect(p?.message).toContain("AWQ needs compute capability 7.5 or later");
    expect(p?.message).toContain("on the V100 (compute capability 7.0) with TGI use gptq or bnb-nf4");
  });

  it("FP8 KV cache on llama.cpp: refused with the q8_0 alternative and engines that have it", () => {
    const problems = checkCompatibility(req("llama-cpp", "gguf-q4_k_m", T4, "fp8"), ALL_GPUS);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("engine.kvCacheDtype");
    expect(problems[0]?.message).toMatch(/no FP8 KV cache.*-ctk q8_0.*use vllm, sglang or tgi/);
  });

  it("reports every problem of a doubly bad request", () => {
    const fields = checkCompatibility(req("vllm", "fp8", V100, "auto"), ALL_GPUS).map((p) => p.field);
    expect(fields).toEqual(["engine.name", "model.quantization"]);
  });
});

describe("allowed combinations return no problem", () => {
  it.each([
    req("vllm", "awq", A10),
    req("vllm", "fp8", L40S),
    req("sglang", "fp8", L20, "fp8"),
    req("llama-cpp", "gguf-q4_k_m", T4),
    req("ollama", "gguf-q8_0", V100),
    req("tensorrt-llm", "fp8", H800, "fp8"),
    req("tgi", "gptq", V100),
    req("vllm", "bf16", A100),
    req("vllm", "fp16", T4),
    req("torchserve", "awq", H20),
  ])("$engine / $quantization / $gpu.key / kv $kvCacheDtype", (r) => {
    expect(checkCompatibility(r, ALL_GPUS)).toEqual([]);
    expect(isCompatible(r, ALL_GPUS)).toBe(true);
  });
});

describe("the whole matrix", () => {
  const combos = ENGINE_NAMES.flatMap((engine) =>
    ALL_GPUS.flatMap((gpu) => QUANTIZATIONS.map((quantization) => ({ engine, gpu, quantization }))),
  );

  /*
   * The matrix written out by hand from reference/engines.md §1.3 and §2.1 (not recomputed from the
   * table under test): vLLM and SGLang need Turing+ (no V100), TensorRT-LLM Ampere+ (T4 not on
   * NVIDIA's list), TGI has no GGUF, llama.cpp/Ollama serve GGUF only, TorchServe (vLLM backend)
   * serves safetensors formats only; BF16 needs 8.0+, FP8 W8A8 8.9+, AWQ/INT8 7.5+, GPTQ/NF4 7.0+.
   */
  const SAFETENSORS_AMPERE = ["none", "fp16", "bf16", "int8", "awq", "gptq", "bnb-nf4"];
  const ALL_AMPERE = [...SAFETENSORS_AMPERE, "gguf-q4_k_m", "gguf-q8_0"];
  const withFp8 = (list: string[]) => [...list.slice(0, 3), "fp8", ...list.slice(3)];
  const GGUF = ["gguf-q4_k_m", "gguf-q8_0"];
  const EXPECTED: Record<string, Record<string, string[]>> = {
    // vLLM: FP8 on Ampere as weight-only W8A16 (FP8 Marlin, compute capability 8.0+), docs.vllm.ai features/quantization/fp8
    vllm: { V100: [], T4: ["none", "fp16", "int8", "awq", "gptq", "bnb-nf4", ...GGUF], A100: withFp8(ALL_AMPERE), A10: withFp8(ALL_AMPERE), L40S: withFp8(ALL_AMPERE), "H100-SXM": withFp8(ALL_AMPERE) },
    sglang: { V100: [], T4: ["none", "fp16", "int8", "awq", "gptq", "bnb-nf4", ...GGUF], A100: ALL_AMPERE, A10: ALL_AMPERE, L40S: withFp8(ALL_AMPERE), "H100-SXM": withFp8(ALL_AMPERE) },
    tgi: {
      V100: ["none", "fp16", "gptq", "bnb-nf4"],
      T4: ["none", "fp16", "int8", "awq", "gptq", "bnb-nf4"],
      A100: SAFETENSORS_AMPERE,
      A10: SAFETENSORS_AMPERE,
      L40S: withFp8(SAFETENSORS_AMPERE),
      "H100-SXM": withFp8(SAFETENSORS_AMPERE),
    },
    "tensorrt-llm": {
      V100: [],
      T4: [],
      A100: ["none", "fp16", "bf16", "int8", "awq", "gptq"],
      A10: ["none", "fp16", "bf16", "int8", "awq", "gptq"],
      L40S: ["none", "fp16", "bf16", "fp8", "int8", "awq", "gptq"],
      "H100-SXM": ["none", "fp16", "bf16", "fp8", "int8", "awq", "gptq"],
    },
    "llama-cpp": { V100: GGUF, T4: GGUF, A100: GGUF, A10: GGUF, L40S: GGUF, "H100-SXM": GGUF },
    ollama: { V100: GGUF, T4: GGUF, A100: GGUF, A10: GGUF, L40S: GGUF, "H100-SXM": GGUF },
    torchserve: {
      V100: [],
      T4: ["none", "fp16", "int8", "awq", "gptq"],
      A100: ["none", "fp16", "bf16", "int8", "awq", "gptq"],
      A10: ["none", "fp16", "bf16", "int8", "awq", "gptq"],
      L40S: ["none", "fp16", "bf16", "fp8", "int8", "awq", "gptq"],
      "H100-SXM": ["none", "fp16", "bf16", "fp8", "int8", "awq", "gptq"],
    },
  };

  it.each(Object.keys(EXPECTED))("%s: the compatible formats per GPU generation are exactly the documented ones", (engine) => {
    for (const [gpuKey, formats] of Object.entries(EXPECTED[engine])) {
      const gpu = ALL_GPUS.find((g) => g.key === gpuKey)!;
      expect(compatibleQuantizations(engine as (typeof ENGINE_NAMES)[number], gpu), `${engine} on ${gpuKey}`).toEqual(formats);
      for (const quantization of QUANTIZATIONS) {
        expect(isCompatible(req(engine as (typeof ENGINE_NAMES)[number], quantization, gpu), ALL_GPUS), `${engine}/${quantization}/${gpuKey}`).toBe(formats.includes(quantization));
      }
    }
  });

  it("every problem message is specific: names the GPU or the format, and offers an alternative", () => {
    for (const { engine, gpu, quantization } of combos) {
      for (const p of checkCompatibility(req(engine, quantization, gpu, "fp8"), ALL_GPUS)) {
        expect(p.message.length).toBeGreaterThan(40);
        expect(p.message.includes(gpu.key) || p.message.includes(quantization)).toBe(true);
        expect(p.message).toMatch(/\b[Uu]se\b|pick|Set engine\.kvCacheDtype/);
      }
    }
  });

  it("GGUF-only engines and the V100", () => {
    expect(compatibleQuantizations("llama-cpp", V100)).toEqual(["gguf-q4_k_m", "gguf-q8_0"]);
    expect(compatibleQuantizations("ollama", H100)).toEqual(["gguf-q4_k_m", "gguf-q8_0"]);
    expect(compatibleQuantizations("vllm", V100)).toEqual([]);
    expect(compatibleQuantizations("tensorrt-llm", T4)).toEqual([]);
  });

  it("FP8 only on compute capability 8.9+ (vLLM: 8.0+ weight-only), BF16 only on 8.0+", () => {
    const fp8 = ALL_GPUS.filter((g) => compatibleQuantizations("sglang", g).includes("fp8")).map((g) => g.key);
    expect(fp8).toEqual(["L20", "L40S", "L4", "H800", "H20", "H100-SXM"]);
    const vllmFp8 = ALL_GPUS.filter((g) => compatibleQuantizations("vllm", g).includes("fp8")).map((g) => g.key);
    expect(vllmFp8).toEqual(["A10", "L20", "L40S", "L4", "A100", "H800", "H20", "H100-SXM"]);
    const bf16 = ALL_GPUS.filter((g) => compatibleQuantizations("sglang", g).includes("bf16")).map((g) => g.key);
    expect(bf16).not.toContain("T4");
    expect(bf16).toContain("A10");
  });

  it("FP8 KV cache: refused on engines without it, allowed on those with it", () => {
    const withKv = ENGINE_NAMES.filter((e) => {
      const q = ENGINE_COMPATIBILITY[e].quantization.awq.supported ? "awq" : "gguf-q4_k_m";
      return isCompatible(req(e, q, H800, "fp8"), ALL_GPUS);
    });
    expect(withKv).toEqual(["vllm", "sglang", "tgi", "tensorrt-llm"]);
  });
});
