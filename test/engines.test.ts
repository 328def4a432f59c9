import { describe, expect, it } from "vitest";
import type { Quantization } from "../catalog/schema";
import type { EngineContext } from "../components/engines/context";
import {
  ENGINE_DEFAULTS,
  engineSupportsDataParallel,
  engineSupportsModelScope,
  OLLAMA_MODEL_ENV,
  renderEngine,
  SHELL_API_KEY_ENV,
} from "../components/engines/index";
import type { EngineRender } from "../components/plan/types";
import { ENGINE_NAMES, type EngineName } from "../components/spec/schema";
import { A10, H800, L40S, T4 } from "./fixtures/gpus";

type Overrides = {
  engine?: Partial<EngineContext["engine"]>;
  model?: Partial<EngineContext["model"]>;
  parallel?: Partial<EngineContext["parallel"]>;
} & Partial<Omit<EngineContext, "engine" | "model" | "parallel">>;

const GGUF_ENGINES: EngineName[] = ["llama-cpp", "ollama"];

/** A reference context: 2×L40S, TP 2, 8k context, 32 sequences, Hugging Face source. */
function ctx(name: EngineName, o: Overrides = {}): EngineContext {
  const gguf = GGUF_ENGINES.includes(name);
  const quantization: Quantization = gguf ? "gguf-q4_k_m" : "awq";
  return {
    engine: {
      name,
      extraArgs: [],
      gpuMemoryUtilization: 0.9,
      kvCacheDtype: "auto",
      apiKey: false,
      ...o.engine,
    },
    model: {
      id: gguf ? "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF" : "Qwen/Qwen2.5-7B-Instruct-AWQ",
      servedModelName: "qwen-7b",
      quantization,
      maxContextTokens: 8192,
      source: {
        kind: "huggingface",
        uri: gguf ? "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF" : "Qwen/Qwen2.5-7B-Instruct-AWQ",
        hostPath: "/var/lib/gpukit/models",
      },
      hubToken: false,
      ...o.model,
    },
    parallel: { tensor: 2, pipeline: 1, data: 1, ...o.parallel },
    maxConcurrentRequests: o.maxConcurrentRequests ?? 32,
    gpu: o.gpu ?? L40S,
    gpuCount: o.gpuCount ?? 2,
    registryMirror: o.registryMirror ?? null,
  };
}

/** The value following `flag` in `args`; fails the test when the flag is missing. */
function flagValue(args: string[], flag: string): string {
  const i = args.indexOf(flag);
  expect(i, `${flag} missing in ${args.join(" ")}`).toBeGreaterThanOrEqual(0);
  return args[i + 1] as string;
}

/** Arguments of the engine program, whether or not it runs through `sh -c`. */
function programArgs(r: EngineRender): string[] {
  return r.command[0] === "sh" ? r.command.slice(4) : r.command;
}

describe("vLLM", () => {
  it("renders vllm serve flags with the context's values", () => {
    const r = renderEngine(ctx("vllm"));
    expect(r.image).toBe("vllm/vllm-openai:v0.29.0");
    expect(r.command[0]).toBe("Qwen/Qwen2.5-7B-Instruct-AWQ");
    expect(flagValue(r.command, "--host")).toBe("0.0.0.0");
    expect(flagValue(r.command, "--port")).toBe("8000");
    expect(flagValue(r.command, "--tensor-parallel-size")).toBe("2");
    expect(flagValue(r.command, "--max-model-len")).toBe("8192");
    expect(flagValue(r.command, "--gpu-memory-utilization")).toBe("0.9");
    expect(flagValue(r.command, "--max-num-seqs")).toBe("32");
    expect(flagValue(r.command, "--served-model-name")).toBe("qwen-7b");
    expect(r.command).not.toContain("--pipeline-parallel-size");
    expect(r.command).not.toContain("--data-parallel-size");
    expect(r.command).not.toContain("--kv-cache-dtype");
    expect(r).toMatchObject({ port: 8000, readinessPath: "/health", metricsPath: "/metrics", dockerArgs: ["--ipc=host"] });
  });

  it.each<[Quantization, string | null, string | null]>([
    ["awq", null, null],
    ["gptq", null, null],
    ["int8", null, null],
    ["fp8", "fp8", null],
    ["bnb-nf4", "bitsandbytes", null],
    ["gguf-q4_k_m", "gguf", null],
    ["fp16", null, "float16"],
    ["bf16", null, "bfloat16"],
    ["none", null, null],
  ])("maps %s to --quantization %s / --dtype %s", (quantization, quant, dtype) => {
    const r = renderEngine(ctx("vllm", { model: { quantization } }));
    if (quant) expect(flagValue(r.command, "--quantization")).toBe(quant);
    else expect(r.command).not.toContain("--quantization");
    if (dtype) expect(flagValue(r.command, "--dtype")).toBe(dtype);
    else expect(r.command).not.toContain("--dtype");
  });

  it("adds pipeline, data parallel and FP8 KV flags only when asked", () => {
    const r = renderEngine(ctx("vllm", { parallel: { pipeline: 2, data: 2 }, engine: { kvCacheDtype: "fp8" } }));
    expect(flagValue(r.command, "--pipeline-parallel-size")).toBe("2");
    expect(flagValue(r.command, "--data-parallel-size")).toBe("2");
    expect(flagValue(r.command, "--kv-cache-dtype")).toBe("fp8");
  });

  it("uses ModelScope through VLLM_USE_MODELSCOPE", () => {
    const r = renderEngine(ctx("vllm", { model: { source: { kind: "modelscope", uri: "qwen/Qwen2.5-7B-Instruct-AWQ", hostPath: "/m" } } }));
    expect(r.env.VLLM_USE_MODELSCOPE).toBe("True");
    expect(r.command[0]).toBe("qwen/Qwen2.5-7B-Instruct-AWQ");
  });

  it("reads object-storage weights from the container path, offline", () => {
    const r = renderEngine(
      ctx("vllm", { model: { source: { kind: "object-storage", uri: "oss://b/qwen", hostPath: "/data/qwen", containerPath: "/models/qwen" } } }),
    );
    expect(r.command[0]).toBe("/models/qwen");
    expect(r.env.HF_HUB_OFFLINE).toBe("1");
  });
});

describe("SGLang", () => {
  it("renders launch_server flags with host 0.0.0.0 and metrics", () => {
    const r = renderEngine(ctx("sglang", { engine: { kvCacheDtype: "fp8" }, model: { quantization: "fp8" } }));
    expect(r.image).toBe("lmsysorg/sglang:v0.5.15");
    expect(r.command.slice(0, 3)).toEqual(["python3", "-m", "sglang.launch_server"]);
    expect(flagValue(r.command, "--model-path")).toBe("Qwen/Qwen2.5-7B-Instruct-AWQ");
    expect(flagValue(r.command, "--host")).toBe("0.0.0.0");
    expect(flagValue(r.command, "--port")).toBe("30000");
    expect(flagValue(r.command, "--tp-size")).toBe("2");
    expect(flagValue(r.command, "--context-length")).toBe("8192");
    expect(flagValue(r.command, "--mem-fraction-static")).toBe("0.9");
    expect(flagValue(r.command, "--max-running-requests")).toBe("32");
    expect(flagValue(r.command, "--quantization")).toBe("fp8");
    expect(flagValue(r.command, "--kv-cache-dtype")).toBe("fp8_e4m3");
    expect(r.command).toContain("--enable-metrics");
    expect(r.dockerArgs).toEqual(["--ipc=host"]);
  });

  it("uses ModelScope through SGLANG_USE_MODELSCOPE", () => {
    const r = renderEngine(ctx("sglang", { model: { source: { kind: "modelscope", uri: "qwen/Qwen2.5-7B", hostPath: "/m" } } }));
    expect(r.env.SGLANG_USE_MODELSCOPE).toBe("true");
  });

  it("passes the API key through a shell that expands the secret env, extraArgs last", () => {
    const r = renderEngine(ctx("sglang", { engine: { apiKey: true, extraArgs: ["--enable-torch-compile"] } }));
    expect(r.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(r.command[2]).toBe(`exec python3 -m sglang.launch_server --api-key "$${SHELL_API_KEY_ENV}" "$@"`);
    expect(r.command[3]).toBe("sh");
    expect(r.command.at(-1)).toBe("--enable-torch-compile");
    expect(r.secretEnv).toContainEqual({ envVar: SHELL_API_KEY_ENV, secret: "apiKey" });
  });
});

describe("TGI", () => {
  it("renders launcher flags, shm and the maintenance warning", () => {
    const r = renderEngine(ctx("tgi", { engine: { kvCacheDtype: "fp8" } }));
    expect(r.image).toBe("ghcr.io/huggingface/text-generation-inference:3.3.5");
    expect(flagValue(r.command, "--model-id")).toBe("Qwen/Qwen2.5-7B-Instruct-AWQ");
    expect(flagValue(r.command, "--num-shard")).toBe("2");
    expect(flagValue(r.command, "--max-input-tokens")).toBe("8191");
    expect(flagValue(r.command, "--max-total-tokens")).toBe("8192");
    expect(flagValue(r.command, "--cuda-memory-fraction")).toBe("0.9");
    expect(flagValue(r.command, "--max-concurrent-requests")).toBe("32");
    expect(flagValue(r.command, "--quantize")).toBe("awq");
    expect(flagValue(r.command, "--kv-cache-dtype")).toBe("fp8_e4m3fn");
    expect(flagValue(r.command, "--port")).toBe(String(r.port));
    expect(r.dockerArgs).toEqual(["--shm-size=1g"]);
    expect(r.warnings.join(" ")).toMatch(/maintenance mode/);
  });

  it("refuses GGUF and ModelScope with a clear error", () => {
    expect(() => renderEngine(ctx("tgi", { model: { quantization: "gguf-q4_k_m" } }))).toThrow(/TGI cannot serve gguf-q4_k_m/);
    expect(() =>
      renderEngine(ctx("tgi", { model: { source: { kind: "modelscope", uri: "qwen/Qwen2.5-7B", hostPath: "/m" } } })),
    ).toThrow(/TGI cannot download from ModelScope.*object storage/);
  });
});

describe("TensorRT-LLM", () => {
  it("renders trtllm-serve flags with host 0.0.0.0 and ulimits", () => {
    const r = renderEngine(ctx("tensorrt-llm", { gpu: H800, model: { quantization: "fp8" }, parallel: { pipeline: 2 } }));
    expect(r.image).toBe("nvcr.io/nvidia/tensorrt-llm/release:1.2.1");
    expect(r.command.slice(0, 2)).toEqual(["trtllm-serve", "Qwen/Qwen2.5-7B-Instruct-AWQ"]);
    expect(flagValue(r.command, "--host")).toBe("0.0.0.0");
    expect(flagValue(r.command, "--port")).toBe("8000");
    expect(flagValue(r.command, "--tp_size")).toBe("2");
    expect(flagValue(r.command, "--pp_size")).toBe("2");
    expect(flagValue(r.command, "--max_seq_len")).toBe("8192");
    expect(flagValue(r.command, "--max_batch_size")).toBe("32");
    expect(flagValue(r.command, "--kv_cache_free_gpu_memory_fraction")).toBe("0.9");
    expect(r.dockerArgs).toEqual(["--ipc=host", "--ulimit", "memlock=-1", "--ulimit", "stack=67108864"]);
  });

  it("writes the FP8 KV cache into the LLM API YAML through a shell", () => {
    const r = renderEngine(ctx("tensorrt-llm", { gpu: H800, engine: { kvCacheDtype: "fp8" } }));
    expect(r.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(r.command[2]).toContain("kv_cache_config:\\n  dtype: fp8");
    expect(r.command[2]).toMatch(/exec trtllm-serve "\$@"$/);
    expect(flagValue(programArgs(r), "--extra_llm_api_options")).toBe("/tmp/gpukit-llm-api-options.yaml");
  });
});

describe("llama.cpp", () => {
  it("renders llama-server with -hf repo:QUANT, slots, -ngl all and --metrics", () => {
    const r = renderEngine(ctx("llama-cpp", { gpu: T4, parallel: { tensor: 1 } }));
    expect(r.image).toBe("ghcr.io/ggml-org/llama.cpp:server-cuda");
    expect(flagValue(r.command, "-hf")).toBe("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q4_K_M");
    expect(flagValue(r.command, "--host")).toBe("0.0.0.0");
    expect(flagValue(r.command, "--port")).toBe("8080");
    expect(flagValue(r.command, "-np")).toBe("32");
    expect(flagValue(r.command, "-c")).toBe(String(8192 * 32));
    expect(flagValue(r.command, "-ngl")).toBe("all");
    expect(r.command).toContain("--metrics");
    expect(r.dockerArgs).toEqual([]);
    expect(r.warnings.join(" ")).toMatch(/moving tag/);
  });

  it("uses -m for staged files and no moving-tag warning when a version is pinned", () => {
    const r = renderEngine(
      ctx("llama-cpp", {
        engine: { version: "server-cuda-b6500" },
        model: { source: { kind: "object-storage", uri: "s3://b/m.gguf", hostPath: "/d", containerPath: "/models/m.gguf" } },
      }),
    );
    expect(flagValue(r.command, "-m")).toBe("/models/m.gguf");
    expect(r.image).toBe("ghcr.io/ggml-org/llama.cpp:server-cuda-b6500");
    expect(r.warnings.join(" ")).not.toMatch(/moving tag/);
  });

  it("refuses safetensors formats", () => {
    expect(() => renderEngine(ctx("llama-cpp", { model: { quantization: "awq" } }))).toThrow(/GGUF files only/);
  });
});

describe("Ollama", () => {
  it("configures through env, has no metrics, renders the model tag for the bootstrap", () => {
    const r = renderEngine(ctx("ollama", { gpu: T4 }));
    expect(r.image).toBe("ollama/ollama:0.32.15");
    expect(r.command).toEqual(["serve"]);
    expect(r.port).toBe(11434);
    expect(r.metricsPath).toBeNull();
    expect(r.env).toMatchObject({
      OLLAMA_HOST: "0.0.0.0:11434",
      OLLAMA_CONTEXT_LENGTH: "8192",
      OLLAMA_NUM_PARALLEL: "32",
      OLLAMA_KV_CACHE_TYPE: "f16",
      [OLLAMA_MODEL_ENV]: "hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q4_K_M",
    });
    expect(r.warnings.join(" ")).toMatch(/no metrics endpoint/);
  });
});

describe("TorchServe", () => {
  it("renders llm_launcher flags, /ping, limited-maintenance warning and metrics on 8082", () => {
    const r = renderEngine(ctx("torchserve", { model: { servedModelName: "Qwen/Qwen2.5-7B" } }));
    expect(flagValue(r.command, "--model_id")).toBe("Qwen/Qwen2.5-7B-Instruct-AWQ");
    expect(flagValue(r.command, "--model_name")).toBe("Qwen-Qwen2-5-7B");
    expect(flagValue(r.command, "--vllm_engine.max_model_len")).toBe("8192");
    expect(flagValue(r.command, "--vllm_engine.max_num_seqs")).toBe("32");
    expect(r.command).toContain("--disable_token_auth");
    expect(r).toMatchObject({ port: 8080, readinessPath: "/ping", livenessPath: "/ping", metricsPath: null });
    const text = r.warnings.join(" ");
    expect(text).toMatch(/limited maintenance/);
    expect(text).toMatch(/8082/);
    expect(text).toMatch(/no public vLLM image/);
  });
});

describe("every engine", () => {
  const cases = ENGINE_NAMES.map((name) => [name] as const);

  it.each(cases)("%s: secrets appear only as secretEnv references", (name) => {
    const r = renderEngine(ctx(name, { gpu: name === "tensorrt-llm" ? H800 : A10, engine: { apiKey: true }, model: { hubToken: true } }));
    const secretNames = r.secretEnv.map((s) => s.envVar);
    for (const key of Object.keys(r.env)) {
      expect(key, "secret-like variable in plain env").not.toMatch(/TOKEN|API_KEY|SECRET|PASSWORD/);
      expect(secretNames).not.toContain(key);
    }
    // Any --api-key on the command line must be a shell reference to the secret env, never a value.
    const script = r.command[0] === "sh" ? (r.command[2] as string) : "";
    expect(programArgs(r)).not.toContain("--api-key");
    if (script.includes("--api-key")) expect(script).toContain(`--api-key "$${SHELL_API_KEY_ENV}"`);
    for (const value of [...r.command, ...Object.values(r.env)]) {
      expect(value).not.toMatch(/hf_[A-Za-z0-9]{8,}|sk-[A-Za-z0-9]{8,}|ms-[0-9a-f]{8}-/);
    }
    const hubRef = r.secretEnv.find((s) => s.secret === "hubToken");
    if (name === "ollama") expect(hubRef).toBeUndefined();
    else expect(hubRef).toEqual({ envVar: "HF_TOKEN", secret: "hubToken" });
    const keyRef = r.secretEnv.find((s) => s.secret === "apiKey");
    const expectedKeyEnv: Partial<Record<EngineName, string>> = {
      vllm: "VLLM_API_KEY",
      sglang: SHELL_API_KEY_ENV,
      tgi: "API_KEY",
      "llama-cpp": "LLAMA_API_KEY",
    };
    if (expectedKeyEnv[name]) expect(keyRef?.envVar).toBe(expectedKeyEnv[name]);
    else {
      expect(keyRef).toBeUndefined();
      expect(r.warnings.join(" ")).toMatch(/not enforced by the engine.*gateway/);
    }
  });

  it.each(cases)("%s: no hub token, no API key → no secretEnv", (name) => {
    const r = renderEngine(ctx(name, { gpu: name === "tensorrt-llm" ? H800 : A10 }));
    expect(r.secretEnv).toEqual([]);
  });

  it.each(cases)("%s: image is rewritten to the registry mirror", (name) => {
    const mirror = "registry.cn-hangzhou.aliyuncs.com/acme";
    const r = renderEngine(ctx(name, { registryMirror: mirror }));
    const [repo, tag] = ENGINE_DEFAULTS[name].image.split(/:(?=[^:/]+$)/) as [string, string];
    expect(r.image).toBe(`${mirror}/${repo.split("/").pop()}:${tag}`);
  });

  it.each(cases)("%s: engine.version replaces the tag, engine.image overrides everything", (name) => {
    expect(renderEngine(ctx(name, { engine: { version: "custom-1" } })).image).toMatch(/:custom-1$/);
    expect(renderEngine(ctx(name, { engine: { image: "example.com/x/y:z" }, registryMirror: "m.example.com/a" })).image).toBe(
      "example.com/x/y:z",
    );
  });

  it.each(cases.filter(([n]) => n !== "ollama"))("%s: extraArgs come last, verbatim", (name) => {
    const r = renderEngine(ctx(name, { engine: { extraArgs: ["--flag-a", "value with space"] } }));
    expect(r.command.slice(-2)).toEqual(["--flag-a", "value with space"]);
  });

  it.each(cases)("%s: probes and ports match ENGINE_DEFAULTS", (name) => {
    const r = renderEngine(ctx(name));
    const d = ENGINE_DEFAULTS[name];
    expect(r.name).toBe(name);
    expect(r).toMatchObject({ port: d.port, readinessPath: d.readinessPath, metricsPath: d.metricsPath });
    expect(r.livenessPath).toMatch(/^\//);
  });

  it.each(cases)("%s: ModelScope support agrees with engineSupportsModelScope", (name) => {
    const render = () =>
      renderEngine(ctx(name, { model: { source: { kind: "modelscope", uri: "qwen/Qwen2.5-7B", hostPath: "/m" } } }));
    if (engineSupportsModelScope(name)) expect(render).not.toThrow();
    else expect(render).toThrow(/cannot download from ModelScope/);
  });
});

describe("ENGINE_DEFAULTS and capabilities", () => {
  it("pins a concrete tag for every engine except llama.cpp's documented moving tag", () => {
    for (const name of ENGINE_NAMES) {
      const tag = ENGINE_DEFAULTS[name].image.split(":").pop() as string;
      if (name === "llama-cpp") expect(tag).toBe("server-cuda");
      else expect(tag).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it("flags maintenance for TGI and TorchServe only", () => {
    const maintained = ENGINE_NAMES.filter((n) => ENGINE_DEFAULTS[n].maintenance);
    expect(maintained).toEqual(["tgi", "torchserve"]);
  });

  it("reports data parallel for vLLM and SGLang only", () => {
    expect(ENGINE_NAMES.filter(engineSupportsDataParallel)).toEqual(["vllm", "sglang"]);
  });
});
