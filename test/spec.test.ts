import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { ConfigError, parseDeploymentSpec, type ConfigIssue } from "../components/spec";
import { formatIssue, closest } from "../components/spec/issues";
import { clone, devSpec, stagingSpec } from "./fixtures/specs";

const catalog = loadCatalog();

function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    parseDeploymentSpec(raw, catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error("expected the spec to be rejected");
}

function byPath(issues: ConfigIssue[], path: string): ConfigIssue {
  const found = issues.find((i) => i.path === path);
  if (!found) throw new Error(`no issue at ${path}; got ${issues.map((i) => i.path).join(", ")}`);
  return found;
}

describe("deployment spec", () => {
  it("parses the dev spec and fills defaults", () => {
    const spec = parseDeploymentSpec(devSpec(), catalog);
    expect(spec.engine.tensorParallel).toBe("auto");
    expect(spec.engine.gpuMemoryUtilization).toBe(0.9);
    expect(spec.engine.kvCacheDtype).toBe("auto");
    expect(spec.engine.extraArgs).toEqual([]);
    expect(spec.budget.hoursPerMonth).toBe(730);
    expect(spec.targets[0].spot).toBe(true);
  });

  it("defaults model.source to huggingface and runtime to vm", () => {
    const raw = clone(stagingSpec());
    delete (raw.model as { source?: string }).source;
    delete (raw.targets[0] as { runtime?: string }).runtime;
    const spec = parseDeploymentSpec(raw, catalog);
    expect(spec.model.source).toBe("huggingface");
    expect(spec.targets[0].runtime).toBe("vm");
  });

  it("rejects a misspelled key with its path and a did-you-mean", () => {
    const raw = clone(devSpec()) as unknown as Record<string, Record<string, unknown>>;
    raw.model.quantisation = raw.model.quantization;
    delete raw.model.quantization;
    const issues = issuesOf(raw);
    const unknown = byPath(issues, "model.quantisation");
    expect(unknown.message).toBe("Unknown key");
    expect(unknown.didYouMean).toBe("quantization");
    expect(byPath(issues, "model.quantization").message).toMatch(/Required/);
  });

  it("reports every problem at once, each with path, given value and allowed values", () => {
    const raw = clone(devSpec()) as any;
    raw.engine.name = "vlm";
    raw.targets[0].region = "cn-hangzou";
    raw.targets[0].gpu = "A1O";
    raw.targets[0].replicas = { min: 3, max: 1 };
    raw.loadBalancer.allowedCidrs = ["10.0.0.0/33"];
    raw.targets[0].spots = true;
    const issues = issuesOf(raw);
    const engine = byPath(issues, "engine.name");
    expect(engine.given).toBe('"vlm"');
    expect(engine.allowed).toContain("vllm");
    expect(engine.didYouMean).toBe("vllm");
    const region = byPath(issues, "targets[0].region");
    expect(region.didYouMean).toBe("cn-hangzhou");
    expect(region.allowed).toContain("cn-beijing");
    expect(byPath(issues, "targets[0].gpu").didYouMean).toBe("A10");
    expect(byPath(issues, "targets[0].replicas").message).toMatch(/min must not exceed/);
    expect(byPath(issues, "loadBalancer.allowedCidrs[0]").message).toMatch(/CIDR/);
    expect(byPath(issues, "targets[0].spots").didYouMean).toBe("spot");
    expect(issues.length).toBeGreaterThanOrEqual(6);
  });

  it("rejects impossible values", () => {
    const raw = clone(devSpec()) as any;
    raw.model.maxContextTokens = -5;
    raw.budget.currency = "EUR";
    raw.model.source = "ftp://weights";
    raw.engine.tensorParallel = "many";
    const issues = issuesOf(raw);
    expect(byPath(issues, "model.maxContextTokens").given).toBe("-5");
    expect(byPath(issues, "budget.currency").allowed).toEqual(["USD", "CNY"]);
    expect(byPath(issues, "model.source").message).toMatch(/object-storage URI/);
    expect(byPath(issues, "engine.tensorParallel").message).toMatch(/auto/);
  });

  it("accepts object-storage model sources of the four clouds", () => {
    for (const source of ["s3://bucket/qwen", "oss://bucket/qwen", "cos://bucket-125/qwen", "tos://bucket/qwen"]) {
      const raw = clone(devSpec());
      raw.model.source = source;
      expect(parseDeploymentSpec(raw, catalog).model.source).toBe(source);
    }
  });

  it("names the offending target when a cn-residency stack places one outside mainland China", () => {
    const raw = clone(devSpec()) as any;
    raw.targets.push({ name: "virginia", cloud: "aws", region: "us-east-1", gpu: "L40S", replicas: { min: 1, max: 1 } });
    const issue = byPath(issuesOf(raw), "targets[1].region");
    expect(issue.message).toContain('"virginia"');
    expect(issue.message).toContain("outside mainland China");
  });

  it("refuses secrets in extraArgs, duplicate target names and zones outside the region", () => {
    const raw = clone(devSpec()) as any;
    raw.engine.extraArgs = ["--enable-prefix-caching", "--api-key=sk-123"];
    raw.targets[0].zones = ["cn-beijing-a"];
    raw.targets.push({ ...raw.targets[0], zones: undefined });
    const issues = issuesOf(raw);
    expect(byPath(issues, "engine.extraArgs[1]").message).toMatch(/apiKeySecret/);
    expect(byPath(issues, "targets[1].name").message).toMatch(/Duplicate/);
    expect(byPath(issues, "targets[0].zones[0]").message).toMatch(/not in region cn-hangzhou/);
  });

  it("formats an issue on one line", () => {
    expect(formatIssue({ path: "engine.name", message: "Not an allowed value", given: '"vlm"', allowed: ["vllm", "tgi"], didYouMean: "vllm" })).toBe(
      'engine.name: Not an allowed value (given "vlm"; allowed: vllm, tgi; did you mean "vllm"?)',
    );
    expect(closest("zzzzzz", ["vllm", "tgi"])).toBeUndefined();
  });

  it("maps to Pulumi's InputPropertiesError for the real run", () => {
    const error = new ConfigError([{ path: "engine.name", message: "Not an allowed value" }]);
    const pulumiError = error.toInputPropertiesError();
    expect(pulumiError.errors).toEqual([{ propertyPath: "engine.name", reason: "Not an allowed value" }]);
  });
});
