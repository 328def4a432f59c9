/**
 * The gateway on a VM host: the user-data runs the Higress container on the gateway port beside the
 * engine (published on 127.0.0.1 only, on the shared docker network), carries no secret value, is
 * valid cloud-init (`cloud-init schema`) with shellcheck-clean scripts, and `gateway-config.sh`
 * really runs here (bash + python3) against a stubbed `aws` CLI: it fills every key, writes one
 * file per Higress resource, accepts only HTTPS upstreams and refuses an empty secret.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadCatalog } from "../catalog";
import { GATEWAY_DATA_DIR, GATEWAY_RESOURCES_FILE, renderGatewayConfigScript, renderGatewayRefreshScript } from "../components/bootstrap/gateway";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec, stagingSpec } from "./fixtures/specs";
import { cloudInitSchema, extractScripts, hasTool, shellcheck } from "./helpers/tools";

const catalog = loadCatalog();
const ci = !!process.env.CI;
const dir = mkdtempSync(join(tmpdir(), "gpukit-gateway-boot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cnPublic(): DeploymentSpecInput {
  const s = clone(devSpec()) as Record<string, any>;
  s.loadBalancer = { public: true, tls: { certificateId: "cert-1" } };
  s.compliance = { dataResidency: "cn", dataClassification: "public", filingNumber: "Zhejiang-001", moderation: { provider: "alicloud-content-moderation" } };
  s.gateway = { consumers: [{ name: "team-a", limits: { tokensPerMinute: 1000 } }, { name: "team-b" }] };
  return s as DeploymentSpecInput;
}

/** AWS spec with an upstream stack (the AWS fetcher is the one the stub below imitates). */
function awsWithUpstream(): DeploymentSpecInput {
  const s = clone(stagingSpec()) as Record<string, any>;
  s.targets[0].replicas = { min: 1, max: 1 };
  s.gateway = { consumers: [{ name: "analytics" }], upstreams: [{ model: "Qwen/Qwen2.5-72B-Instruct-AWQ", stack: "acme/gpu-inference/prod" }] };
  return s as DeploymentSpecInput;
}

const target = planDeployment(parseDeploymentSpec(cnPublic(), catalog), "dev", catalog).targets[0];
const userData = target.bootstrap.userData;
const doc = parse(userData) as { write_files: { path: string; content: string; encoding?: string; permissions: string }[]; runcmd: string[][] };
/** A written file's text, gunzipped when cloud-init gets it gzip+base64. */
const file = (path: string) => {
  const f = doc.write_files.find((x) => x.path === path);
  if (!f) return "";
  return f.encoding === "gz+b64" ? gunzipSync(Buffer.from(f.content, "base64")).toString("utf8") : f.content;
};

describe("user-data with a gateway", () => {
  it("runs the engine on loopback and the docker network, the gateway on its port, Redis unpublished", () => {
    const run = file("/usr/local/lib/gpukit/run.sh");
    expect(run).toContain("--network gpukit");
    expect(run).toContain("-p 127.0.0.1:8000:8000");
    expect(run).not.toMatch(/-p 8000:8000/);
    const unit = file("/etc/systemd/system/gpukit-gateway.service");
    expect(unit).toContain("ExecStart=/usr/bin/docker run --rm --name gpukit-gateway --network gpukit -p 8088:8080 -v /run/gpukit/higress:/data");
    expect(unit).toContain("higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/all-in-one:2.2.1");
    expect(unit).not.toContain("8001"); // the console stays inside the container
    expect(unit).toContain("After=network-online.target docker.service gpukit-redis.service");
    expect(file("/etc/systemd/system/gpukit-redis.service")).toContain("ExecStart=/usr/bin/docker run --rm --name gpukit-redis --network gpukit higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/redis-stack-server:7.4.0-v3");
    expect(doc.runcmd).toContainEqual(["systemctl", "enable", "gpukit-engine.service", "gpukit-health.timer", "gpukit-redis.service", "gpukit-gateway.service", "gpukit-gateway-refresh.timer"]);
  });

  it("ships the rendered resources gzip+base64 and without secret values", () => {
    const entry = doc.write_files.find((f) => f.path === GATEWAY_RESOURCES_FILE)!;
    expect(entry.encoding).toBe("gz+b64");
    const resources = JSON.parse(gunzipSync(Buffer.from(entry.content, "base64")).toString("utf8")) as { folder: string; kind: string; metadata: { name: string } }[];
    expect(resources.map((r) => `${r.folder}/${r.metadata.name}`)).toContain("wasmplugins/gpukit-key-auth");
    expect(JSON.stringify(resources)).toContain("Bearer @@GATEWAYKEY_TEAM_A@@");
    expect(userData).not.toMatch(/offline-key|LTAI/);
    expect(target.bootstrap.userDataBytes).toBeLessThan(16384);
  });

  it("keeps the gateway's secrets out of the engine's environment", () => {
    expect(file("/usr/local/lib/gpukit/secrets.sh")).not.toMatch(/gatewayKey|moderationAccessKey/);
    expect(file("/usr/local/lib/gpukit/gateway-config.sh")).toContain("gpu-inference/dev/hangzhou/gatewayKey-team-a");
  });

  const tools = hasTool("cloud-init") && hasTool("shellcheck");
  if (!tools) console.warn(`gateway-boot: cloud-init or shellcheck missing, ${ci ? "FAILING (CI is set)" : "SKIPPING"}`);
  it.runIf(tools || ci)("is valid cloud-config and its scripts pass shellcheck", () => {
    const path = join(dir, "user-data.yaml");
    writeFileSync(path, userData);
    const schema = cloudInitSchema(path);
    expect(schema.status, schema.output).toBe(0);
    // the engine's scripts as written, the gateway's decoded from gzip+base64
    const scripts = extractScripts(userData, join(dir, "scripts"));
    const ours = ["gateway-config.sh", "gateway-refresh.sh"].map((name) => {
      const path = join(dir, "scripts", name);
      writeFileSync(path, file(`/usr/local/lib/gpukit/${name}`));
      return path;
    });
    expect(file("/usr/local/lib/gpukit/gateway-config.sh")).toMatch(/^#!\/bin\/bash/);
    const sc = shellcheck([...scripts, ...ours]);
    expect(sc.status, sc.output).toBe(0);
  });
});

describe("gateway-config.sh, run for real with a stubbed secret store", () => {
  const aws = planDeployment(parseDeploymentSpec(awsWithUpstream(), catalog), "staging", catalog).targets[0];
  const gw = aws.gateway!;
  const secrets = aws.secrets.filter((s) => s.name.startsWith("gateway"));
  const resourcesJson = parse(aws.bootstrap.userData).write_files.find((f: { path: string }) => f.path === GATEWAY_RESOURCES_FILE).content as string;

  /** Runs the script with `aws ssm get-parameter` answered from `values`; returns status, stderr and the data dir. */
  function runScript(values: Record<string, string>, work = mkdtempSync(join(dir, "run-")), refresh = false) {
    const bin = join(work, "bin");
    mkdirSync(bin, { recursive: true });
    // systemctl stub: records what the refresh asks for
    writeFileSync(join(bin, "systemctl"), `#!/bin/bash\necho "$@" >>${JSON.stringify(join(work, "systemctl.log"))}\n`);
    chmodSync(join(bin, "systemctl"), 0o755);
    // the stub answers `aws ssm get-parameter ... --name /<store name> ...` like the real CLI with --query/--output text
    const table = Object.entries(values).map(([k, v]) => `  /${k}) printf '%s\\n' ${JSON.stringify(v)} ;;`).join("\n");
    writeFileSync(join(bin, "aws"), `#!/bin/bash\nwhile [ $# -gt 0 ]; do [ "$1" = --name ] && n=$2; shift; done\ncase $n in\n${table}\n  *) echo "no parameter $n" >&2; exit 255 ;;\nesac\n`);
    chmodSync(join(bin, "aws"), 0o755);
    const resources = join(work, "resources.json");
    writeFileSync(resources, gunzipSync(Buffer.from(resourcesJson, "base64")));
    const data = join(work, "data");
    const script = renderGatewayConfigScript("aws", "us-east-1", { plan: gw, secrets }).replaceAll(GATEWAY_RESOURCES_FILE, resources).replaceAll(GATEWAY_DATA_DIR, data);
    writeFileSync(join(work, "gateway-config.sh"), script);
    chmodSync(join(work, "gateway-config.sh"), 0o755);
    const refreshScript = renderGatewayRefreshScript().replaceAll("/usr/local/lib/gpukit/gateway-config.sh", join(work, "gateway-config.sh")).replaceAll(GATEWAY_DATA_DIR, data);
    writeFileSync(join(work, "gateway-refresh.sh"), refreshScript);
    const r = spawnSync("bash", [join(work, refresh ? "gateway-refresh.sh" : "gateway-config.sh")], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    let restarts: string[] = [];
    try {
      restarts = readFileSync(join(work, "systemctl.log"), "utf8").trim().split("\n");
    } catch {
      restarts = [];
    }
    return { status: r.status, stderr: r.stderr, stdout: r.stdout, data, work, restarts };
  }

  const key = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6n";
  const good = {
    "gpu-inference/staging/use1/gatewayKey-analytics": key,
    "gpu-inference/staging/use1/gatewayUpstream-0": "https://prod-lb-123.cn-hangzhou.alb.aliyuncsslb.com",
  };

  it.runIf(hasTool("python3") || ci)("fills every placeholder and writes one file per resource", () => {
    const r = runScript(good);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(r.data).sort()).toEqual(["ingresses", "mcpbridges", "wasmplugins"]);
    expect(readdirSync(join(r.data, "ingresses")).sort()).toEqual(["gpukit-health.yaml", "gpukit-model-0.yaml", "gpukit-models.yaml", "gpukit-upstream-0.yaml"]);
    const auth = JSON.parse(readFileSync(join(r.data, "wasmplugins", "gpukit-key-auth.yaml"), "utf8"));
    expect(auth.spec.defaultConfig.consumers).toEqual([{ name: "analytics", credential: `Bearer ${key}` }]);
    const bridge = JSON.parse(readFileSync(join(r.data, "mcpbridges", "default.yaml"), "utf8"));
    expect(bridge.spec.registries).toContainEqual({ name: "gpukit-upstream-0", type: "dns", domain: "prod-lb-123.cn-hangzhou.alb.aliyuncsslb.com", port: 443, protocol: "https" });
    const all = readdirSync(r.data).flatMap((d) => readdirSync(join(r.data, d)).map((f) => readFileSync(join(r.data, d, f), "utf8"))).join("\n");
    expect(all).not.toContain("@@");
  });

  it.runIf(hasTool("python3") || ci)("refuses an upstream that is not https:// and an empty key", () => {
    const http = runScript({ ...good, "gpu-inference/staging/use1/gatewayUpstream-0": "http://prod-lb-123.example.com" });
    expect(http.status).not.toBe(0);
    expect(http.stderr).toContain("gatewayUpstream-0 is not an https:// endpoint");
    const empty = runScript({ ...good, "gpu-inference/staging/use1/gatewayKey-analytics": "" });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toContain("gateway secret gatewayKey-analytics is empty or multi-line");
  });

  it.runIf(hasTool("python3") || ci)("gateway-refresh.sh applies a rotated key and restarts the gateway only on a change", () => {
    const first = runScript(good);
    expect(first.status, first.stderr).toBe(0);
    const same = runScript(good, first.work, true);
    expect(same.status, same.stderr).toBe(0);
    expect(same.restarts).toEqual([]);
    const rotated = "Zz9yXx8wVv7uTt6sRr5qPp4oNn3mLl2kJj1iHh0gFf9eDd8c";
    const changed = runScript({ ...good, "gpu-inference/staging/use1/gatewayKey-analytics": rotated }, first.work, true);
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.restarts).toEqual(["restart gpukit-gateway.service"]);
    const auth = JSON.parse(readFileSync(join(first.data, "wasmplugins", "gpukit-key-auth.yaml"), "utf8"));
    expect(auth.spec.defaultConfig.consumers).toEqual([{ name: "analytics", credential: `Bearer ${rotated}` }]);
    const broken = runScript({ ...good, "gpu-inference/staging/use1/gatewayKey-analytics": "" }, first.work, true);
    expect(broken.status).not.toBe(0);
    expect(JSON.parse(readFileSync(join(first.data, "wasmplugins", "gpukit-key-auth.yaml"), "utf8")).spec.defaultConfig.consumers[0].credential).toBe(`Bearer ${rotated}`);
  });
});
