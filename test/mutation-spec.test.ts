/**
 * Hand-computed cases for the spec validation (components/spec/validate.ts, issues.ts) written
 * against the mutants that survived test/spec.test.ts (bench/RESULTS.md, extended block): the exact
 * issue each bad input yields (path, message, given, allowed), the checks that must not fire on
 * inputs of the wrong type (they would throw a TypeError instead of a ConfigError), "did you mean"
 * at its boundaries, and the rendering of the error. Pure: no Pulumi program, no subprocess.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { ConfigError, parseDeploymentSpec, type ConfigIssue } from "../components/spec";
import { closest, renderGiven } from "../components/spec/issues";
import { knownKeysAt } from "../components/spec/validate";
import { clone, devSpec } from "./fixtures/specs";

const catalog = loadCatalog();

/** The issues `raw` is rejected with; fails the test when it parses or throws anything but a ConfigError. */
function issuesOf(raw: unknown): ConfigIssue[] {
  let thrown: unknown;
  try {
    parseDeploymentSpec(raw, catalog);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as ConfigError).issues;
}

/** The dev spec with its only target patched (a loose record, to break types on purpose). */
function devWith(patch: (target: Record<string, unknown>, spec: Record<string, unknown>) => void): Record<string, unknown> {
  const spec = clone(devSpec()) as unknown as Record<string, unknown>;
  patch((spec.targets as Record<string, unknown>[])[0]!, spec);
  return spec;
}

describe("spec issues: exact messages of each zod issue kind", () => {
  it("a missing string is 'Required (string)' with no given; a wrong type is 'Expected string' with the value", () => {
    expect(issuesOf(devWith((_, s) => delete s.owner))).toEqual([{ path: "owner", message: "Required (string)" }]);
    const [wrong] = issuesOf(devWith((_, s) => (s.owner = 5)));
    expect(wrong).toEqual({ path: "owner", message: "Expected string", given: "5" });
  });

  it("a missing enum value is 'Required' and a wrong one 'Not an allowed value' with the allowed list", () => {
    const missing = issuesOf(devWith((t) => delete t.cloud));
    expect(missing).toEqual([{ path: "targets[0].cloud", message: "Required", allowed: ["aws", "alicloud", "tencentcloud", "volcengine"] }]);
    expect(missing[0]).not.toHaveProperty("given", expect.anything());
    const wrong = issuesOf(devWith((t) => (t.cloud = "alicloud2")));
    expect(wrong).toEqual([{ path: "targets[0].cloud", message: "Not an allowed value", given: '"alicloud2"', allowed: ["aws", "alicloud", "tencentcloud", "volcengine"], didYouMean: "alicloud" }]);
  });

  it("tensorParallel's union error says what is allowed; other unions keep zod's message", () => {
    const tp = issuesOf(devWith((_, s) => ((s.engine as Record<string, unknown>).tensorParallel = "x")));
    expect(tp).toEqual([{ path: "engine.tensorParallel", message: 'Must be "auto" or a positive integer', given: '"x"' }]);
    const cluster = issuesOf(devWith((t) => (t.kubernetes = { cluster: 5 })));
    expect(cluster).toEqual([{ path: "targets[0].kubernetes.cluster", message: "Invalid input", given: "5" }]);
  });

  it("an unknown key names the keys allowed there and the nearest one", () => {
    const [issue] = issuesOf(devWith((t) => (t.gpuu = "A10")));
    expect(issue!.path).toBe("targets[0].gpuu");
    expect(issue!.message).toBe("Unknown key");
    expect(issue!.didYouMean).toBe("gpu");
    expect(issue!.allowed).toEqual(expect.arrayContaining(["name", "cloud", "region", "zones", "gpu", "gpusPerReplica", "replicas", "spot", "runtime"]));
    expect(issue!.allowed).not.toContain("owner");
  });
});

describe("knownKeysAt walks defaults, optionals and arrays", () => {
  it("finds the keys of a defaulted object, of an array element and of the root", () => {
    expect(knownKeysAt(["engine"])).toEqual(expect.arrayContaining(["name", "maxConcurrentRequests", "tensorParallel", "extraArgs"]));
    expect(knownKeysAt(["targets", 0])).toEqual(expect.arrayContaining(["name", "cloud", "region", "replicas"]));
    expect(knownKeysAt(["targets", 0, "replicas"])).toEqual(["min", "max"]);
    // kubernetes is optional(): its keys are found through the wrapper
    expect(knownKeysAt(["targets", 0, "kubernetes"])).toEqual(expect.arrayContaining(["cluster", "scheduler", "nodesPerReplica"]));
    expect(knownKeysAt([])).toEqual(expect.arrayContaining(["environment", "owner", "targets", "engine", "model"]));
  });

  it("is undefined for an unknown key, a key below a scalar and a scalar itself", () => {
    expect(knownKeysAt(["nope"])).toBeUndefined();
    expect(knownKeysAt(["owner", "x"])).toBeUndefined();
    expect(knownKeysAt(["owner"])).toBeUndefined();
  });
});

describe("catalog checks never throw on input of the wrong shape (the zod issue is reported instead)", () => {
  it("a root that is null, or targets that are not a list, give exactly the zod issue", () => {
    expect(issuesOf(null)).toEqual([{ path: "", message: "Expected object", given: "null" }]);
    const notList = issuesOf(devWith((_, s) => (s.targets = "hangzhou")));
    expect(notList).toEqual([{ path: "targets", message: "Expected array", given: '"hangzhou"' }]);
    expect(issuesOf(devWith((_, s) => (s.targets = [null])))).toEqual([{ path: "targets[0]", message: "Expected object", given: "null" }]);
  });

  it("an unknown cloud, a missing region or a non-string zone raise no region or zone check", () => {
    const cloud = issuesOf(devWith((t) => (t.cloud = "nope")));
    expect(cloud.map((i) => i.path)).toEqual(["targets[0].cloud"]);
    const region = issuesOf(devWith((t) => delete t.region));
    expect(region).toEqual([{ path: "targets[0].region", message: "Required (string)" }]);
    const zone = issuesOf(devWith((t) => (t.zones = [5])));
    expect(zone).toEqual([{ path: "targets[0].zones[0]", message: "Expected string", given: "5" }]);
  });

  it("a non-string GPU, a non-number replica bound or a non-string extra arg raise only the zod issue", () => {
    expect(issuesOf(devWith((t) => (t.gpu = 5)))).toEqual([{ path: "targets[0].gpu", message: "Expected string", given: "5" }]);
    expect(issuesOf(devWith((t) => (t.replicas = { min: "3", max: 1 })))).toEqual([{ path: "targets[0].replicas.min", message: "Expected number", given: '"3"' }]);
    expect(issuesOf(devWith((t) => (t.replicas = { min: 3, max: "1" })))).toEqual([{ path: "targets[0].replicas.max", message: "Expected number", given: '"1"' }]);
    expect(issuesOf(devWith((t) => delete t.replicas))).toEqual([{ path: "targets[0].replicas", message: "Required (object)" }]);
    expect(issuesOf(devWith((_, s) => ((s.engine as Record<string, unknown>).extraArgs = [5])))).toEqual([{ path: "engine.extraArgs[0]", message: "Expected string", given: "5" }]);
  });

  it("two targets without a name are not duplicates of each other", () => {
    const spec = devWith((t) => delete t.name);
    (spec.targets as unknown[]).push(clone((spec.targets as unknown[])[0]));
    expect(issuesOf(spec)).toEqual([
      { path: "targets[0].name", message: "Required (string)" },
      { path: "targets[1].name", message: "Required (string)" },
    ]);
  });
});

describe("catalog checks: exact issues", () => {
  it("an unknown region names the cloud and the nearest region", () => {
    const [issue] = issuesOf(devWith((t) => (t.region = "cn-hangzou")));
    expect(issue).toMatchObject({ path: "targets[0].region", message: "Unknown alicloud region", given: '"cn-hangzou"', didYouMean: "cn-hangzhou" });
    expect(issue!.allowed).toEqual(expect.arrayContaining(["cn-hangzhou", "cn-beijing", "ap-southeast-1", "us-east-1"]));
  });

  it("data residency cn outside the mainland lists only this cloud's mainland regions", () => {
    const issues = issuesOf(devWith((t) => ((t.region = "ap-southeast-1"), delete t.zones)));
    const issue = issues.find((i) => i.path === "targets[0].region")!;
    expect(issue.message).toBe('compliance.dataResidency is cn but target "hangzhou" is in ap-southeast-1 (SG), outside mainland China');
    expect(issue.given).toBe('"ap-southeast-1"');
    // Alibaba Cloud's mainland regions (catalog/data/regions.json, residency cn), written out
    expect([...issue.allowed!].sort()).toEqual(
      ["cn-beijing", "cn-chengdu", "cn-guangzhou", "cn-hangzhou", "cn-heyuan", "cn-huhehaote", "cn-qingdao", "cn-shanghai", "cn-shenzhen", "cn-wulanchabu", "cn-zhangjiakou"].sort(),
    );
  });

  it("a zone of another region is refused; `auto` is a GPU; an unknown GPU lists auto first", () => {
    expect(issuesOf(devWith((t) => (t.zones = ["cn-hangzhou-h", "cn-beijing-h"])))).toEqual([
      { path: "targets[0].zones[1]", message: "Zone is not in region cn-hangzhou", given: '"cn-beijing-h"', allowed: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"] },
    ]);
    expect(parseDeploymentSpec(devWith((t) => (t.gpu = "auto")), catalog).targets[0]!.gpu).toBe("auto");
    const [gpu] = issuesOf(devWith((t) => (t.gpu = "A1O")));
    expect(gpu).toMatchObject({ path: "targets[0].gpu", message: "Unknown GPU", given: '"A1O"', didYouMean: "A10" });
    expect(gpu!.allowed![0]).toBe("auto");
    expect(gpu!.allowed).toEqual(expect.arrayContaining(["T4", "A10", "L20", "H20"]));
  });

  it("gpusPerReplica without gpu or instanceType is refused; with either it is not", () => {
    expect(issuesOf(devWith((t) => delete t.gpu))).toEqual([{ path: "targets[0].gpusPerReplica", message: "gpusPerReplica needs gpu (or instanceType) to choose an offering" }]);
    expect(parseDeploymentSpec(devWith((t) => ((t.instanceType = "ecs.gn7i-c8g1.2xlarge"), delete t.gpu)), catalog).targets[0]!.gpusPerReplica).toBe(1);
    expect(parseDeploymentSpec(devWith((t) => delete t.gpusPerReplica), catalog).targets[0]!.gpusPerReplica).toBeUndefined();
    const neither = parseDeploymentSpec(devWith((t) => (delete t.gpusPerReplica, delete t.gpu)), catalog).targets[0]!;
    expect([neither.gpu, neither.gpusPerReplica]).toEqual([undefined, undefined]);
  });

  it("secret flags in engine.extraArgs: bare or with =value; look-alikes and other flags pass", () => {
    const args = ["--api-key", "--max-model-len=4096", "--hf-token=hf_x", "--api-keys", "--served-model-name", "qwen", "--admin-api-key=k", "-hft", "--api-key-file=/run/k"];
    const why = "carries a secret: use engine.apiKeySecret / model.hubTokenSecret (Pulumi secrets) instead";
    expect(issuesOf(devWith((_, s) => ((s.engine as Record<string, unknown>).extraArgs = args)))).toEqual([
      { path: "engine.extraArgs[0]", message: `--api-key ${why}` },
      { path: "engine.extraArgs[2]", message: `--hf-token ${why}` },
      { path: "engine.extraArgs[6]", message: `--admin-api-key ${why}` },
      { path: "engine.extraArgs[7]", message: `-hft ${why}` },
      { path: "engine.extraArgs[8]", message: `--api-key-file ${why}` },
    ]);
  });
});

describe("issues.ts: closest, renderGiven and the error text", () => {
  it("prefers a candidate extending the value (≥ 3 characters), keeping its case", () => {
    expect(closest("a10", ["A10", "A100-40G"])).toBe("A100-40G");
    // shorter than 3: the nearest by edit distance, not the extension
    expect(closest("ab", ["abxyz", "ac"])).toBe("ac");
  });

  it("edit distance: first of a tie, limit max(2, length / 3) inclusive, never an exact match, nothing when far", () => {
    expect(closest("abcd", ["abce", "abcf"])).toBe("abce");
    expect(closest("abcd", ["abxy"])).toBe("abxy"); // distance 2 = limit 2
    expect(closest("abcdefghi", ["abcdefxyz"])).toBe("abcdefxyz"); // distance 3 = limit floor(9 / 3)
    expect(closest("abcdefghi", ["abcdwxyzi"])).toBeUndefined(); // distance 4 > 3
    expect(closest("abc", ["xyz123"])).toBeUndefined();
    expect(closest("a10", ["A10"])).toBeUndefined();
  });

  it("renderGiven cuts JSON longer than 80 characters to 77 and '...', and falls back to String on cycles", () => {
    expect(renderGiven("x".repeat(78))).toBe(`"${"x".repeat(78)}"`); // 80 characters: kept
    expect(renderGiven("x".repeat(79))).toBe(`"${"x".repeat(76)}...`); // 81: cut
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(renderGiven(cyclic)).toBe("[object Object]");
  });

  it("ConfigError lists every issue under the config key; the Pulumi error names the root 'deployment'", () => {
    const error = new ConfigError([
      { path: "owner", message: "Required (string)" },
      { path: "", message: "Expected object", given: "null" },
    ]);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toBe("Invalid configuration gpu-inference:deployment:\n  - owner: Required (string)\n  - Expected object (given null)");
    expect(new ConfigError([{ path: "a", message: "m" }], "other:key").message).toBe("Invalid configuration other:key:\n  - a: m");
    const pulumiError = error.toInputPropertiesError();
    expect(pulumiError.message).toBe("Invalid gpu-inference:deployment configuration");
    expect(pulumiError.errors).toEqual([
      { propertyPath: "owner", reason: "Required (string)" },
      { propertyPath: "deployment", reason: "Expected object (given null)" },
    ]);
  });
});
