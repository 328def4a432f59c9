import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AWS_DLAMI_SSM_PARAMETER,
  DEFAULT_STRATEGY,
  IMAGE_NAME_REGEX,
  GPUKIT_OLLAMA_MODEL_ENV,
  isRegistrySecret,
  planDisk,
  renderBootstrap,
  shellJoin,
  shellQuote,
  USER_DATA_LIMIT_BYTES,
} from "../components/bootstrap";
import { renderEnvFile } from "../components/bootstrap/shell";
import { ENGINE_IMAGES } from "../catalog/facts/images";
import { ENGINE_NAMES } from "../components/spec/schema";
import { allVariants, bootstrapInput, FAKE_SECRET_VALUE } from "./fixtures/bootstrap-inputs";

interface WriteFile {
  path: string;
  permissions: string;
  content: string;
}
interface CloudConfig {
  write_files: WriteFile[];
  runcmd: string[][];
  power_state?: { mode: string; condition: string };
}

function parsed(userData: string): CloudConfig {
  return parse(userData) as CloudConfig;
}
function file(cfg: CloudConfig, name: string): string | undefined {
  return cfg.write_files.find((f) => f.path.endsWith(`/${name}`))?.content;
}

describe("shellQuote", () => {
  const tricky = [
    "",
    "plain",
    "with space",
    "it's",
    "'",
    "''",
    '"double"',
    "$HOME",
    "${PATH}",
    "`id`",
    "$(id)",
    "a\\b",
    "*.safetensors",
    "~root",
    "semi;colon && pipe | amp &",
    "new\nline",
    "tab\there",
    "{% for m in messages %}{{ m['content'] }}{% endfor %}",
    '{"temperature": 0.7}',
    "--flag=value",
    "-",
    "#comment",
    "!history",
    "ünïcödé 中文",
  ];

  it("round-trips tricky arguments through bash unchanged", () => {
    const r = spawnSync("bash", ["-c", `printf '%s\\0' ${shellJoin(tricky)}`], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\0").slice(0, -1)).toEqual(tricky);
  });

  it("leaves safe words alone and single-quotes the rest", () => {
    expect(shellQuote("vllm/vllm-openai:v0.11.0")).toBe("vllm/vllm-openai:v0.11.0");
    expect(shellQuote("--ipc=host")).toBe("--ipc=host");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
  });

  it("rejects env values with line breaks and bad names", () => {
    expect(renderEnvFile({ B: "2", A: "x=y z" })).toBe("A=x=y z\nB=2\n");
    expect(() => renderEnvFile({ A: "1\n2" })).toThrow(/line break/);
    expect(() => renderEnvFile({ "1A": "x" })).toThrow(/invalid environment/);
  });
});

describe("strategy per cloud", () => {
  it("defaults: DLAMI on AWS, auto-install on Alibaba, GPU image (Ubuntu fallback) on Tencent and Volcano Engine", () => {
    expect(DEFAULT_STRATEGY).toEqual({
      aws: "aws-dlami",
      alicloud: "alicloud-auto-install",
      tencentcloud: "cloud-gpu-image",
      volcengine: "cloud-gpu-image",
    });
    const aws = renderBootstrap(bootstrapInput("aws"));
    expect(aws.image).toEqual({ lookup: "ssm-parameter", value: AWS_DLAMI_SSM_PARAMETER });
    expect(AWS_DLAMI_SSM_PARAMETER).toBe(
      "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id",
    );
    const ali = renderBootstrap(bootstrapInput("alicloud"));
    expect(ali.image).toEqual({ lookup: "name-regex", value: "^ubuntu_22_04_x64" });
    expect(new RegExp(ali.image.value).test("ubuntu_22_04_x64_20G_alibase_20240926.vhd")).toBe(true);
    for (const cloud of ["tencentcloud", "volcengine"] as const) {
      const gpu = renderBootstrap(bootstrapInput(cloud));
      expect(gpu.strategy).toBe("cloud-gpu-image");
      // GPU image regex first, plain Ubuntu 22.04 as the fallback the adapter queries when it finds nothing
      expect(gpu.image).toEqual({ lookup: "name-regex", value: IMAGE_NAME_REGEX[cloud].gpu, fallback: IMAGE_NAME_REGEX[cloud].ubuntu });
      const plain = renderBootstrap(bootstrapInput(cloud, { strategy: "install-driver" }));
      expect(plain.image).toEqual({ lookup: "name-regex", value: IMAGE_NAME_REGEX[cloud].ubuntu });
    }
    const tc = renderBootstrap(bootstrapInput("tencentcloud")).image;
    expect(new RegExp(tc.fallback!).test("Ubuntu Server 22.04 LTS 64位")).toBe(true);
    expect(new RegExp(tc.value).test("Ubuntu Server 22.04 LTS 64位")).toBe(false);
    const ve = renderBootstrap(bootstrapInput("volcengine")).image;
    expect(new RegExp(ve.fallback!).test("Ubuntu 22.04 64 bit")).toBe(true);
    expect(new RegExp(ve.value).test("Ubuntu 22.04 64 bit")).toBe(false);
  });

  it("rejects a strategy the cloud does not support", () => {
    expect(() => renderBootstrap(bootstrapInput("aws", { strategy: "alicloud-auto-install" }))).toThrow(/not supported on aws/);
    expect(() => renderBootstrap(bootstrapInput("volcengine", { strategy: "aws-dlami" }))).toThrow(/not supported/);
  });

  it("reports the driver branch installed or expected", () => {
    expect(renderBootstrap(bootstrapInput("tencentcloud")).driverBranch).toBe("570");
    expect(renderBootstrap(bootstrapInput("alicloud")).driverBranch).toBe("570");
    expect(renderBootstrap(bootstrapInput("aws")).driverBranch).toBe("595");
  });
});

describe.each(allVariants())("user-data $name", ({ name, input }) => {
  const plan = renderBootstrap(input);
  const cfg = parsed(plan.userData);
  const all = plan.userData;
  const setup = file(cfg, "setup.sh") ?? "";
  const unit = file(cfg, "gpukit-engine.service") ?? "";
  const run = file(cfg, "run.sh") ?? "";

  it("is #cloud-config YAML with string permissions and argv runcmd", () => {
    expect(all.startsWith("#cloud-config\n")).toBe(true);
    expect(cfg.write_files.length).toBeGreaterThan(5);
    for (const f of cfg.write_files) expect(f.permissions).toMatch(/^0[0-7]{3}$/);
    for (const c of cfg.runcmd) expect(Array.isArray(c)).toBe(true);
    expect(all).not.toMatch(/^packages:/m);
  });

  it("runs the engine image on its port under systemd with a health check", () => {
    expect(unit).toContain("ExecStart=/usr/local/lib/gpukit/run.sh");
    expect(unit).toMatch(/Restart=always/);
    expect(unit).toContain("After=network-online.target docker.service");
    expect(run).toContain(input.engine.image);
    expect(run).toContain(`-p ${input.engine.port}:${input.engine.port}`);
    expect(run).toContain("--gpus all");
    expect(file(cfg, "health.sh")).toContain(`http://127.0.0.1:${input.engine.port}${input.engine.readinessPath}`);
    expect(file(cfg, "gpukit-health.timer")).toContain("OnUnitActiveSec=30");
    expect(cfg.runcmd).toContainEqual(["systemctl", "enable", "gpukit-engine.service", "gpukit-health.timer"]);
    expect(file(cfg, "prestart.sh")).toMatch(/nvidia-smi;/);
  });

  it("installs Fabric Manager only on NVSwitch boards", () => {
    expect(all.includes("fabricmanager")).toBe(input.offering.nvswitch);
    expect(unit.includes("nvidia-fabricmanager.service")).toBe(input.offering.nvswitch);
  });

  it("installs the pinned driver for install-driver, and for cloud-gpu-image only when nvidia-smi fails", () => {
    const driverInstall = /nvidia-headless-570-server/.test(setup);
    expect(driverInstall).toBe(plan.strategy === "install-driver" || plan.strategy === "cloud-gpu-image");
    if (plan.strategy === "cloud-gpu-image") {
      expect(setup.indexOf("if nvidia-smi -L >/dev/null 2>&1; then")).toBeLessThan(setup.indexOf("\nelse\n"));
      expect(setup.indexOf("\nelse\n")).toBeLessThan(setup.indexOf("nvidia-headless-570-server"));
    }
    expect(!!cfg.power_state).toBe(plan.strategy === "install-driver" || plan.strategy === "cloud-gpu-image");
    if (cfg.power_state) expect(cfg.power_state.condition).toBe("test -f /run/gpukit/reboot");
    expect(setup.includes("auto_install_v4.0.sh")).toBe(plan.strategy === "alicloud-auto-install");
  });

  it("fetches secrets by store name and contains no secret value", () => {
    expect(all).not.toContain(FAKE_SECRET_VALUE);
    expect(all).not.toContain("hf_");
    for (const s of input.secrets) expect(all).toContain(s.storeName);
    const secrets = file(cfg, "secrets.sh");
    expect(!!secrets).toBe(input.secrets.length > 0);
    const engineSecrets = input.secrets.filter((s) => !isRegistrySecret(s));
    expect(run.includes("--env-file /run/gpukit/secrets.env")).toBe(engineSecrets.length > 0);
    expect(run).not.toContain("registry.env");
    if (secrets && input.cloud === "aws") {
      expect(secrets).toContain('aws ssm get-parameter --region us-east-1 --name "/$1" --with-decryption --query Parameter.Value --output text');
    }
    if (secrets && input.cloud === "alicloud") {
      expect(secrets).toMatch(/aliyun oos GetSecretParameter .*--Name "\$1" --WithDecryption true/);
    }
    if (secrets) expect(secrets).toContain("umask 077");
  });

  it("stages object-storage weights before the engine starts", () => {
    const stage = file(cfg, "stage.sh");
    expect(!!stage).toBe(input.modelSource.kind === "object-storage");
    if (stage) {
      const tool = { aws: "aws s3 sync", alicloud: "ossutil64 cp", tencentcloud: "coscli sync", volcengine: "tosutil cp" };
      expect(stage).toContain(tool[input.cloud]);
      expect(unit.indexOf("stage.sh")).toBeLessThan(unit.indexOf("ExecStart=/"));
    }
    expect(run).toContain(`-v ${input.modelSource.hostPath}:`);
  });

  it("stays under the 16 KiB user-data limit and reports its byte size", () => {
    expect(plan.userDataBytes).toBe(Buffer.byteLength(plan.userData));
    expect(plan.userDataBytes).toBeLessThan(USER_DATA_LIMIT_BYTES);
    expect(plan.rootVolumeGb).toBe(plan.disk.rootVolumeGb);
    expect(plan.rootVolumeGb).toBeGreaterThanOrEqual(plan.disk.imageFloorGb + plan.disk.engineImageGb + plan.disk.weightsGb);
  });
});

describe("cloud specifics", () => {
  it("pulls mainland-China packages from Alibaba's in-VPC mirror", () => {
    const setup = file(parsed(renderBootstrap(bootstrapInput("alicloud")).userData), "setup.sh") ?? "";
    expect(setup).toContain("http://mirrors.cloud.aliyuncs.com/docker-ce/linux/ubuntu");
    expect(setup).toContain("http://mirrors.cloud.aliyuncs.com/libnvidia-container");
    expect(setup).toContain('bash "$S" 570.133.20 12.8.1 9.8.0.87 FALSE FALSE');
    expect(setup).not.toContain("github.io");
    const aws = file(parsed(renderBootstrap(bootstrapInput("aws", { strategy: "install-driver" })).userData), "setup.sh");
    expect(aws).toContain("https://nvidia.github.io/libnvidia-container");
    expect(aws).toContain("nvidia-ctk runtime configure --runtime=docker");
  });

  it("reads secrets on Tencent Cloud (SSM) and Volcano Engine (KMS): test/tencentcloud-secrets*.test.ts, test/volcengine-secrets*.test.ts", () => {
    expect(renderBootstrap(bootstrapInput("tencentcloud", { secrets: true })).userData).toContain("GetSecretValue");
    expect(() => renderBootstrap(bootstrapInput("volcengine", { secrets: true }))).not.toThrow();
  });

  it("refuses object-storage weights where the hosts get no instance role (Tencent Cloud, Volcano Engine)", () => {
    expect(() => renderBootstrap(bootstrapInput("tencentcloud", { objectStorage: true }))).toThrow(
      /object-storage weights \(cos:\/\/.*\) are not supported on tencentcloud: the kit attaches no instance role/,
    );
    expect(() => renderBootstrap(bootstrapInput("volcengine", { objectStorage: true }))).toThrow(/not supported on volcengine/);
    expect(file(parsed(renderBootstrap(bootstrapInput("alicloud", { objectStorage: true })).userData), "stage.sh")).toContain("ossutil64 cp");
  });

  it("no longer promises that Alibaba hosts need no Docker Hub egress", () => {
    const setup = file(parsed(renderBootstrap(bootstrapInput("alicloud")).userData), "setup.sh") ?? "";
    expect(setup).not.toContain("no Docker Hub / GitHub egress");
    expect(setup).toContain("the engine image still comes from its registry: set registryMirror in mainland regions");
  });

  it("rejects a bucket of another cloud", () => {
    const input = bootstrapInput("aws", { objectStorage: true });
    input.modelSource = { ...input.modelSource, uri: "oss://bucket/model" };
    expect(() => renderBootstrap(input)).toThrow(/not s3:\/\//);
  });

  it("pulls the Ollama model once the server is ready", () => {
    expect(GPUKIT_OLLAMA_MODEL_ENV).toBe("GPUKIT_OLLAMA_MODEL");
    const cfg = parsed(renderBootstrap(bootstrapInput("aws", { ollama: true })).userData);
    expect(file(cfg, "health.sh")).toContain("docker exec \"$u\" ollama pull qwen2.5:7b-instruct-q4_K_M");
    expect(file(cfg, "health.sh")).not.toBeUndefined();
    const vllm = parsed(renderBootstrap(bootstrapInput("aws")).userData);
    expect(file(vllm, "health.sh")).not.toContain("ollama");
  });

  it("cloud-gpu-image: the image's driver when nvidia-smi works, else exactly the install-driver lines", () => {
    for (const nvswitch of [false, true]) {
      for (const cloud of ["tencentcloud", "volcengine"] as const) {
        const setupOf = (strategy: "cloud-gpu-image" | "install-driver") =>
          file(parsed(renderBootstrap(bootstrapInput(cloud, { strategy, nvswitch })).userData), "setup.sh")!.split("\n");
        const gpu = setupOf("cloud-gpu-image");
        const driver = setupOf("install-driver");
        // install-driver's body: between the header (ends with the apt helper) and the done marker
        const body = driver.slice(driver.findIndex((l) => l.startsWith("a() ")) + 1, driver.indexOf('mkdir -p "${D%/*}"'));
        const open = gpu.indexOf("if nvidia-smi -L >/dev/null 2>&1; then");
        const otherwise = gpu.indexOf("else");
        const end = gpu.lastIndexOf("fi");
        expect(open).toBeGreaterThan(0);
        const withDriver = gpu.slice(open + 1, otherwise).join("\n");
        expect(withDriver).not.toContain("nvidia-headless");
        expect(withDriver).toContain("command -v docker >/dev/null || P+=(docker.io)");
        expect(withDriver).toContain("nvidia-ctk runtime configure --runtime=docker");
        expect(withDriver.includes("systemctl enable --now nvidia-fabricmanager")).toBe(nvswitch);
        const withoutDriver = gpu.slice(otherwise + 1, end).map((l) => l.replace(/^ {2}/, ""));
        expect(withoutDriver.slice(0, body.length)).toEqual(body);
        expect(body.join("\n").includes("nvidia-fabricmanager-570")).toBe(nvswitch);
        expect(body).toContain("systemctl enable nvidia-persistenced || true");
        expect(body).toContain("  mkdir -p /run/gpukit && touch /run/gpukit/reboot");
        // the reboot flag is left to cloud-init's power_state, as for install-driver
        expect(withoutDriver.slice(body.length).join("\n")).not.toContain("shutdown -r");
      }
    }
  });

  it("uses Blackwell's open kernel modules", () => {
    const input = bootstrapInput("tencentcloud");
    input.offering = { ...input.offering, gpu: { ...input.offering.gpu, computeCapability: 10 } };
    expect(renderBootstrap(input).userData).toContain("nvidia-headless-570-server-open");
  });
});

describe("size limit", () => {
  it("throws rather than render user-data over 16384 bytes", () => {
    const input = bootstrapInput("aws");
    input.engine = { ...input.engine, command: [...input.engine.command, "--x", "y".repeat(USER_DATA_LIMIT_BYTES)] };
    expect(() => renderBootstrap(input)).toThrow(/over the 16384-byte limit/);
  });
});

describe("root disk (hand-computed from the image and engine facts)", () => {
  it("AWS DLAMI + vLLM + an 8B model in bf16 (16 GB): 75 snapshot + 30 image + 19.2 weights = 124.2 -> 130 GB", () => {
    const d = planDisk({ cloud: "aws", strategy: "aws-dlami", engine: "vllm", weightsGb: 16, objectStorage: false });
    expect(d).toMatchObject({ snapshotGb: 75, imageFloorGb: 75, engineImageGb: 30, weightsGb: 16, stagingGb: 0, recommendedMinGb: 100 });
    expect(d.rootVolumeGb).toBe(130);
    // the review's floor: at least snapshot + engine image + weights, and AWS's recommended 100 GB
    expect(d.rootVolumeGb).toBeGreaterThanOrEqual(75 + 30 + 16);
    expect(d.rootVolumeGb).toBeGreaterThanOrEqual(100);
    expect(d.status).toBe("unverified");
  });

  it("never goes below the DLAMI's recommended 100 GB (Ollama 5 GB + 1 GB weights: 81.2 -> 90 -> 100)", () => {
    expect(planDisk({ cloud: "aws", strategy: "aws-dlami", engine: "ollama", weightsGb: 1, objectStorage: false }).rootVolumeGb).toBe(100);
  });

  it("Alibaba auto-install: 20 image + 15 CUDA stack + 30 vLLM + 18 weights = 83 -> 90; staging adds the weights again", () => {
    expect(planDisk({ cloud: "alicloud", strategy: "alicloud-auto-install", engine: "vllm", weightsGb: 15, objectStorage: false }).rootVolumeGb).toBe(90);
    // 35 + 30 + 174 + 145 = 384 -> 390
    expect(planDisk({ cloud: "alicloud", strategy: "alicloud-auto-install", engine: "vllm", weightsGb: 145, objectStorage: true }).rootVolumeGb).toBe(390);
  });

  it("lets a larger diskGb win, uses a 30 GB image for unknown engines, and rejects bad weights", () => {
    expect(planDisk({ cloud: "alicloud", strategy: "install-driver", engine: "vllm", weightsGb: 15, objectStorage: false, diskGb: 500 }).rootVolumeGb).toBe(500);
    // 30 + 30 + 18 = 78 -> 80
    expect(planDisk({ cloud: "tencentcloud", strategy: "install-driver", engine: "unknown-engine", weightsGb: 15, objectStorage: false }).rootVolumeGb).toBe(80);
    expect(() => planDisk({ cloud: "aws", strategy: "aws-dlami", engine: "vllm", weightsGb: Number.NaN, objectStorage: false })).toThrow();
  });

  it("knows the image size of every engine the spec accepts", () => {
    for (const engine of ENGINE_NAMES) expect(Object.keys(ENGINE_IMAGES), engine).toContain(engine);
  });

  it("is what renderBootstrap reports (the old 30 GB OS budget gave 70 GB for 15 GB of weights on the DLAMI)", () => {
    const plan = renderBootstrap(bootstrapInput("aws"));
    // 75 + 30 + 15 x 1.2 = 123 -> 130
    expect(plan.rootVolumeGb).toBe(130);
    expect(plan.disk.rootVolumeGb).toBe(130);
  });
});

describe("start budget", () => {
  it("covers the driver wait where the driver is installed at boot, plus the engine's start-up allowance", () => {
    expect(renderBootstrap(bootstrapInput("aws")).startBudgetSec).toBe(3600);
    expect(renderBootstrap(bootstrapInput("alicloud")).startBudgetSec).toBe(2700 + 3600);
    expect(renderBootstrap(bootstrapInput("tencentcloud")).startBudgetSec).toBe(6300);
  });
});
