/**
 * Engine image reachability and private-registry login (real-path review aws-alicloud #3), and the
 * object-storage refusal on clouds whose hosts get no instance role (tencent-volcengine #12).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderBootstrap } from "../components/bootstrap";
import { checkImageRegistry } from "../components/plan/registry";
import { checkWeightsAccess } from "../components/plan/weights-access";
import { bootstrapInput, FAKE_SECRET_VALUE, MIRROR_HOST } from "./fixtures/bootstrap-inputs";

const hangzhou = { region: "cn-hangzhou", residency: "cn" as const };
const ali = { name: "hangzhou", cloud: "alicloud" as const };

describe("checkImageRegistry", () => {
  it("refuses a mainland target pulling from Docker Hub, naming the image and the gpukit images command", () => {
    const issues = checkImageRegistry({ target: ali, index: 0, region: hangzhou, image: "vllm/vllm-openai:v0.29.0", stack: "dev" });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("targets[0].registryMirror");
    expect(issues[0]!.message).toContain("vllm/vllm-openai:v0.29.0");
    expect(issues[0]!.message).toContain("docker.io");
    expect(issues[0]!.message).toContain("gpukit images --stack dev");
    expect(issues[0]!.message).toContain("registry-vpc.cn-hangzhou.aliyuncs.com/<namespace>");
  });

  it("accepts the same target with an ACR VPC mirror", () => {
    const target = { ...ali, registryMirror: "registry-vpc.cn-hangzhou.aliyuncs.com/acme" };
    const image = "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0";
    expect(checkImageRegistry({ target, index: 0, region: hangzhou, image, stack: "dev" })).toEqual([]);
  });

  it("accepts a global target pulling from Docker Hub", () => {
    const target = { name: "virginia", cloud: "aws" as const };
    const region = { region: "us-east-1", residency: "global" as const };
    expect(checkImageRegistry({ target, index: 1, region, image: "vllm/vllm-openai:v0.29.0", stack: "staging" })).toEqual([]);
  });

  it("refuses GHCR and NGC images in mainland regions, and points at engine.image when the spec set the image", () => {
    const tencent = { name: "guangzhou", cloud: "tencentcloud" as const };
    const gz = { region: "ap-guangzhou", residency: "cn" as const };
    const tgi = checkImageRegistry({ target: tencent, index: 2, region: gz, image: "ghcr.io/huggingface/text-generation-inference:3.3.4", stack: "prod" });
    expect(tgi.map((i) => i.path)).toEqual(["targets[2].registryMirror"]);
    expect(tgi[0]!.message).toContain("ccr.ccs.tencentyun.com/<namespace>");
    const trt = checkImageRegistry({ target: tencent, index: 2, region: gz, image: "nvcr.io/nvidia/tensorrt-llm/release:1.0.0", imageFromSpec: true, stack: "prod" });
    expect(trt.map((i) => i.path)).toEqual(["engine.image"]);
  });

  it("refuses a VPC-only endpoint of another region or cloud", () => {
    const beijing = { region: "cn-beijing", residency: "cn" as const };
    const image = "registry-vpc.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0";
    const other = checkImageRegistry({ target: { ...ali, name: "beijing" }, index: 1, region: beijing, image, stack: "dev" });
    expect(other).toHaveLength(1);
    expect(other[0]!.message).toMatch(/VPC endpoint reachable only from alicloud cn-hangzhou VPCs/);
    const volc = { name: "volc", cloud: "volcengine" as const };
    expect(checkImageRegistry({ target: volc, index: 0, region: beijing, image, stack: "dev" })).toHaveLength(1);
    // the public ACR endpoint is fine from another mainland region
    expect(checkImageRegistry({ target: volc, index: 0, region: beijing, image: "registry.cn-hangzhou.aliyuncs.com/acme/vllm-openai:v0.29.0", stack: "dev" })).toEqual([]);
  });
});

describe("checkWeightsAccess", () => {
  const cos = { kind: "object-storage" as const, uri: "cos://models-125/qwen", hostPath: "/opt/gpukit/models/qwen", containerPath: "/models/qwen" };
  it("refuses object storage on Tencent Cloud and Volcano Engine at model.source", () => {
    const issues = checkWeightsAccess({ target: { name: "gz", cloud: "tencentcloud" }, index: 2, source: cos });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe("model.source");
    expect(issues[0]!.message).toMatch(/tencentcloud.*no instance role.*huggingface.*modelscope.*aws or alicloud/);
    const tos = { ...cos, uri: "tos://models/qwen" };
    expect(checkWeightsAccess({ target: { name: "bj", cloud: "volcengine" }, index: 0, source: tos })[0]!.message).toContain("volcengine");
  });
  it("accepts hub sources anywhere and object storage on AWS and Alibaba Cloud", () => {
    const hub = { kind: "modelscope" as const, uri: "Qwen/Qwen2.5-7B-Instruct", hostPath: "/opt/gpukit/models/hub-cache" };
    expect(checkWeightsAccess({ target: { name: "gz", cloud: "tencentcloud" }, index: 0, source: hub })).toEqual([]);
    expect(checkWeightsAccess({ target: { name: "a", cloud: "aws" }, index: 0, source: { ...cos, uri: "s3://b/qwen" } })).toEqual([]);
    expect(checkWeightsAccess({ target: { name: "b", cloud: "alicloud" }, index: 0, source: { ...cos, uri: "oss://b/qwen" } })).toEqual([]);
  });
});

describe("docker login to a private mirror", () => {
  const plan = renderBootstrap(bootstrapInput("alicloud", { secrets: true, registryLogin: true }));
  const doc = parse(plan.userData) as { write_files: { path: string; content: string }[] };
  const file = (n: string) => doc.write_files.find((f) => f.path.endsWith(`/${n}`))!.content;
  const dir = mkdtempSync(join(tmpdir(), "gpukit-login-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fetches the registry credentials into their own 0600 tmpfs file, not the engine's", () => {
    const secrets = file("secrets.sh");
    expect(secrets).toContain("umask 077");
    expect(secrets).toContain("G=/run/gpukit/registry.env");
    expect(secrets).toContain(`printf '%s=%s\\n' GPUKIT_REGISTRY_PASSWORD "$v" >>"$G.tmp"`);
    expect(secrets).toContain("v=$(g gpu-inference/prod/alicloud-main/registryPassword)");
    expect(file("run.sh")).not.toContain("registry.env");
    expect(plan.registryLogin).toBe(MIRROR_HOST);
  });

  it("logs in with --password-stdin before the pull, after secrets.sh ran", () => {
    const prestart = file("prestart.sh");
    expect(prestart).toContain(`| docker login --username "$u" --password-stdin ${MIRROR_HOST}`);
    expect(prestart.indexOf("docker login")).toBeLessThan(prestart.indexOf("docker pull"));
    expect(prestart).toContain("export DOCKER_CONFIG=/run/gpukit/docker");
    const unit = file("gpukit-engine.service");
    expect(unit.indexOf("secrets.sh")).toBeLessThan(unit.indexOf("prestart.sh"));
  });

  it("never puts a value in user-data, and passes the password only on stdin (docker stubbed)", () => {
    expect(plan.userData).not.toContain(FAKE_SECRET_VALUE);
    const prestart = file("prestart.sh").split("\n");
    const login = prestart.slice(prestart.findIndex((l) => l.startsWith("# log in")), prestart.findIndex((l) => l.startsWith("# a registry outage")));
    const env = join(dir, "registry.env");
    writeFileSync(env, `GPUKIT_REGISTRY_USERNAME=acme-bot\nGPUKIT_REGISTRY_PASSWORD=${FAKE_SECRET_VALUE}\n`);
    const script = [
      "set -euo pipefail",
      'docker() { printf "args:%s\\n" "$*"; printf "stdin:%s\\n" "$(cat)"; }',
      ...login.map((l) => l.replace("E=/run/gpukit/registry.env", `E=${env}`).replace(" >/dev/null ||", " ||")),
    ].join("\n");
    const r = spawnSync("bash", ["-c", script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`args:login --username acme-bot --password-stdin ${MIRROR_HOST}\nstdin:${FAKE_SECRET_VALUE}\n`);
  });

  it("requires the login's env vars to be registry boot secrets", () => {
    const input = bootstrapInput("alicloud", { registryLogin: true });
    input.secrets = [];
    expect(() => renderBootstrap(input)).toThrow(/usernameEnv GPUKIT_REGISTRY_USERNAME is not the env var of a registryUsername boot secret/);
    const bad = bootstrapInput("alicloud", { registryLogin: true });
    bad.registryLogin = { ...bad.registryLogin!, registry: "evil host;rm" };
    expect(() => renderBootstrap(bad)).toThrow(/invalid registry host/);
  });
});
