import { describe, expect, it } from "vitest";
import {
  convertCurrency,
  findGpu,
  findModel,
  findOffering,
  findRegion,
  gpuNames,
  loadCatalog,
  offeringsIn,
  priceOf,
  regionNames,
  type Offering,
} from "../catalog";
import { offeringsByCloud, readRawCatalog, validateCatalog } from "../catalog/load";
import type { ResolvedPrice } from "../catalog/price";
import type { PricePlan } from "../components/plan/types";

const catalog = loadCatalog();

function offering(cloud: Offering["cloud"], type: string): Offering {
  const o = findOffering(catalog, cloud, type);
  if (!o) throw new Error(`missing offering ${cloud}/${type}`);
  return o;
}

describe("catalog data", () => {
  it("loads, validates and is cached", () => {
    expect(loadCatalog()).toBe(catalog);
    const { raw, problems } = readRawCatalog();
    expect(problems).toEqual([]);
    expect(validateCatalog(raw)).toEqual([]);
  });

  it("has the expected counts", () => {
    expect(catalog.gpus).toHaveLength(19); // + RTX 4090 and RTX 4090D (issue 13)
    expect(catalog.models).toHaveLength(19); // + DeepSeek-V3/R1, Qwen3 8B/32B/30B-A3B/235B-A22B, Llama-3.3-70B, GLM-4-32B
    const by = offeringsByCloud(catalog);
    expect(by.aws).toHaveLength(29);
    expect(by.alicloud).toHaveLength(37);
    expect(by.tencentcloud).toHaveLength(25); // + PNV5b.48XLARGE768 (third-party, issue 13)
    expect(by.volcengine).toHaveLength(2); // + ecs.ebmhpcpni2l.32xlarge (third-party, issue 13)
    // Every public region of each cloud (issue 9), offerings and prices only where known.
    expect(regionNames(catalog, "aws")).toHaveLength(34);
    expect(regionNames(catalog, "alicloud")).toHaveLength(26);
    expect(regionNames(catalog, "tencentcloud")).toHaveLength(18);
    expect(regionNames(catalog, "volcengine")).toHaveLength(6);
    for (const [cloud, region] of [["aws", "us-east-2"], ["aws", "ap-south-1"], ["alicloud", "cn-hongkong"]] as const) {
      expect(findRegion(catalog, cloud, region), `${cloud} ${region}`).toBeDefined();
    }
  });

  it("marks Hong Kong as global and mainland regions as cn/CNY", () => {
    expect(findRegion(catalog, "alicloud", "cn-hongkong")).toMatchObject({ residency: "global", country: "HK" });
    expect(findRegion(catalog, "tencentcloud", "ap-hongkong")?.residency).toBe("global");
    expect(findRegion(catalog, "alicloud", "cn-hangzhou")).toMatchObject({ residency: "cn", country: "CN", currency: "CNY" });
    expect(findRegion(catalog, "volcengine", "cn-beijing")?.zones).toContain("cn-beijing-a");
    expect(findRegion(catalog, "aws", "us-east-1")?.currency).toBe("USD");
    expect(findRegion(catalog, "aws", "cn-hangzhou")).toBeUndefined();
    for (const r of catalog.regions) if (r.residency === "cn") expect(r.currency).toBe("CNY");
  });

  it("flags export-control status (dated, advisory) and China-market GPUs", () => {
    const restricted = catalog.gpus.filter((g) => g.exportControl && g.exportControl.status !== "unrestricted" && g.exportControl.status !== "unknown").map((g) => g.key).sort();
    expect(restricted).toEqual(["A100-40G", "A100-80G", "A800", "B200", "H100-PCIe", "H100-SXM", "H20", "H200", "H800", "L40S", "RTX4090"]);
    const variants = catalog.gpus.filter((g) => g.chinaMarketVariant).map((g) => g.key).sort();
    expect(variants).toEqual(["A800", "H20", "H800", "L20", "RTX4090D"]);
    expect(findGpu(catalog, "A10")?.computeCapability).toBe(8.6);
  });

  it("keeps unverified facts labelled", () => {
    expect(findGpu(catalog, "A10G")?.specStatus).toBe("unverified");
    expect(offering("alicloud", "ecs.gn8v.4xlarge")).toMatchObject({ gpu: "H20", gpuModelStatus: "third-party" });
    expect(offering("tencentcloud", "PNV5b.8XLARGE96")).toMatchObject({ gpuModelStatus: "third-party", restrictedAvailability: true });
    expect(offering("tencentcloud", "HCCPNV4h")).toMatchObject({ gpuModelStatus: "unverified", vcpu: null, memoryGib: null, gpuMemoryGb: 80 });
    expect(catalog.unverifiedFamilies?.map((f) => f.family)).toEqual(expect.arrayContaining(["pni2", "hpcpni2", "gni3", "PNV6"]));
    expect(catalog.offerings.some((o) => o.family === "PNV6")).toBe(false);
  });

  it("sets nvswitch only on 8-GPU SXM boards", () => {
    expect(offering("aws", "p4d.24xlarge").nvswitch).toBe(true);
    expect(offering("aws", "p5.4xlarge").nvswitch).toBe(false);
    expect(offering("alicloud", "ecs.ebmgn8v.48xlarge").nvswitch).toBe(true);
    expect(offering("alicloud", "ecs.gn8is-8x.32xlarge").nvswitch).toBe(false);
    expect(offering("aws", "g6e.48xlarge").nvswitch).toBe(false);
  });
});

describe("look-ups", () => {
  it("finds GPUs by key or alias, case-insensitively", () => {
    expect(findGpu(catalog, "h100")?.key).toBe("H100-SXM");
    expect(findGpu(catalog, "A100-SXM4-80GB")?.key).toBe("A100-80G");
    expect(findGpu(catalog, "l40s")?.key).toBe("L40S");
    expect(findGpu(catalog, "H20-96G")?.key).toBe("H20");
    expect(findGpu(catalog, "V100")).toBeUndefined();
    expect(findGpu(catalog, "RTX 4090")?.key).toBe("RTX4090");
    expect(findGpu(catalog, "RTX3090")).toBeUndefined();
    expect(gpuNames(catalog)).toContain("V100-32G");
  });

  it("finds models by id, alias and pre-quantized alias", () => {
    expect(findModel(catalog, "qwen/qwen2.5-7b-instruct")).toEqual({ shape: expect.objectContaining({ kvHeads: 4, layers: 28 }) });
    const awq = findModel(catalog, "Qwen/Qwen2.5-72B-Instruct-AWQ");
    expect(awq?.shape.id).toBe("Qwen/Qwen2.5-72B-Instruct");
    expect(awq?.quantization).toBe("awq");
    expect(findModel(catalog, "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF")?.quantization).toBe("gguf-q4_k_m");
    const ms = findModel(catalog, "LLM-Research/Meta-Llama-3.1-8B-Instruct");
    expect(ms?.shape.id).toBe("meta-llama/Llama-3.1-8B-Instruct");
    expect(ms?.quantization).toBeUndefined();
    expect(ms?.shape.gated).toBe(true);
    expect(findModel(catalog, "mistralai/Mixtral-8x7B-Instruct-v0.1")?.shape.activeParametersB).toBe(12.9);
    expect(findModel(catalog, "nope/nothing")).toBeUndefined();
  });

  it("finds offerings case-insensitively and lists offerings per region", () => {
    expect(findOffering(catalog, "aws", "G6E.XLARGE")?.instanceType).toBe("g6e.xlarge");
    expect(findOffering(catalog, "alicloud", "g6e.xlarge")).toBeUndefined();
    const hz = offeringsIn(catalog, "alicloud", "cn-hangzhou");
    expect(hz.length).toBe(37);
    expect(offeringsIn(catalog, "alicloud", "cn-hongkong")).toEqual([]);
    const fra = offeringsIn(catalog, "aws", "eu-central-1").map((o) => o.instanceType);
    expect(fra).toContain("g4dn.xlarge");
    expect(fra).not.toContain("p5.48xlarge");
  });
});

describe("prices", () => {
  it("returns the verified AWS us-east-1 price", () => {
    const p = priceOf(catalog, offering("aws", "g6e.xlarge"), "us-east-1");
    expect(p).toMatchObject({ hourly: 1.861, currency: "USD", status: "verified", date: null });
    expect(p.source).toContain("skypilot");
    expect(p.note).toContain("00148f2a");
  });

  it("returns unknown for an AWS region without a price row", () => {
    const p = priceOf(catalog, offering("aws", "g4dn.xlarge"), "eu-central-1");
    expect(p).toMatchObject({ hourly: null, currency: null, status: "unknown", source: null });
    expect(priceOf(catalog, offering("aws", "p5e.48xlarge"), "us-west-2")).toMatchObject({ hourly: null, status: "unknown" });
  });

  it("separates the Alibaba third-party quote from its estimate copy", () => {
    const gn7i = offering("alicloud", "ecs.gn7i-c8g1.2xlarge");
    const sh = priceOf(catalog, gn7i, "cn-shanghai");
    expect(sh).toMatchObject({ hourly: 9.74, currency: "CNY", status: "third-party", date: "2026-09-24" });
    expect(sh.note).toContain("100 GiB ESSD");
    const hz = priceOf(catalog, gn7i, "cn-hangzhou");
    expect(hz).toMatchObject({ hourly: 9.74, currency: "CNY", status: "estimate" });
    expect(hz.note).toMatch(/unverified/);
  });

  it("falls back to the placeholder range in mainland regions only", () => {
    const pnv4 = offering("tencentcloud", "PNV4.14XLARGE232");
    const gz = priceOf(catalog, pnv4, "ap-guangzhou");
    expect(gz).toMatchObject({ hourly: 22, currency: "CNY", status: "estimate", date: "2026-11-22" });
    expect(gz.note).toMatch(/9-13 CNY/);
    expect(priceOf(catalog, pnv4, "ap-singapore")).toMatchObject({ hourly: null, status: "unknown" });
    const gn6i = priceOf(catalog, offering("alicloud", "ecs.gn6i-c24g1.24xlarge"), "cn-beijing");
    expect(gn6i).toMatchObject({ hourly: 40, status: "estimate" });
    // B200 has no placeholder range: unknown even in a mainland region.
    const b200: Offering = { ...offering("aws", "p6-b200.48xlarge"), cloud: "alicloud", regions: ["cn-hangzhou"], prices: [] };
    expect(priceOf(catalog, b200, "cn-hangzhou").status).toBe("unknown");
  });

  it("keeps the Tencent international USD list as an estimate", () => {
    const p = priceOf(catalog, offering("tencentcloud", "GN7.2XLARGE32"), "ap-guangzhou");
    expect(p).toMatchObject({ hourly: 1.26, currency: "USD", status: "estimate", date: null });
  });

  it("is structurally the planner's PricePlan", () => {
    const p: PricePlan = priceOf(catalog, offering("aws", "g5.xlarge"), "us-east-1");
    const back: ResolvedPrice = p;
    expect(back.hourly).toBe(1.006);
  });

  it("never prices at zero", () => {
    for (const o of catalog.offerings) {
      for (const r of o.regions) {
        const p = priceOf(catalog, o, r);
        if (p.status === "unknown") expect(p.hourly).toBeNull();
        else expect(p.hourly).toBeGreaterThan(0);
      }
    }
  });

  it("converts currencies", () => {
    expect(convertCurrency(10, "USD", "CNY", catalog.fx)).toBeCloseTo(72);
    expect(convertCurrency(72, "CNY", "USD", catalog.fx)).toBeCloseTo(10);
    expect(convertCurrency(5, "CNY", "CNY", catalog.fx)).toBe(5);
    expect(convertCurrency(1, "USD", "CNY", { ...catalog.fx, usdCny: 7 })).toBe(7);
  });
});

describe("validator", () => {
  const broken = (): Record<string, unknown> => structuredClone(readRawCatalog().raw);

  it("reports every problem of a broken copy at once", () => {
    const raw = broken();
    const gpus = raw["gpus.json"] as Array<Record<string, unknown>>;
    gpus[0].sources = ["no-such-source"];
    const aws = raw["offerings/aws.json"] as Array<Record<string, unknown>>;
    aws.push({ ...aws[0] });
    const firstPrice = (aws[1].prices as Array<Record<string, unknown>>)[0];
    Object.assign(firstPrice, { status: "unknown" });
    const models = raw["models.json"] as Array<Record<string, unknown>>;
    models[1].aliases = [{ id: models[0].id }];
    gpus[1].memoryGb = "24 GB";
    const problems = validateCatalog(raw);
    expect(problems).toEqual(
      expect.arrayContaining([
        'gpus.json[0].sources[0]: unknown source id "no-such-source"',
        `offerings/aws.json[${aws.length - 1}].instanceType: duplicate instance type "${aws[0].instanceType}" (already used by offerings/aws.json[0].instanceType)`,
        "offerings/aws.json[1].prices[0]: status unknown requires hourly null and currency null",
        expect.stringMatching(/^models\.json\[1\]\.aliases\[0\]\.id: duplicate model id or alias/),
        expect.stringMatching(/^gpus\.json\[1\]\.memoryGb: /),
      ]),
    );
    // A row that fails its schema still counts as defined: offerings of that GPU are not reported as unknown.
    const gpu1 = gpus[1].key as string;
    expect(problems.some((p) => p.includes(`unknown GPU key "${gpu1}"`))).toBe(false);
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it("reports schema errors with file and path, and unknown keys and regions", () => {
    const raw = broken();
    (raw["fx.json"] as Record<string, unknown>).usdCny = -1;
    const ali = raw["offerings/alicloud.json"] as Array<Record<string, unknown>>;
    ali[0].gpu = "RTX3090";
    ali[1].regions = ["xx-nowhere-9"];
    delete raw["regions.json"];
    const first = validateCatalog(raw);
    expect(first).toEqual(expect.arrayContaining([expect.stringMatching(/^fx\.json\.usdCny: /), "regions.json: missing"]));
    // Region checks are skipped while regions.json is missing; the GPU check still runs.
    expect(first).toContain('offerings/alicloud.json[0].gpu: unknown GPU key "RTX3090"');
    expect(first.some((p) => p.includes("unknown alicloud region"))).toBe(false);
    raw["regions.json"] = readRawCatalog().raw["regions.json"];
    (raw["fx.json"] as Record<string, unknown>).usdCny = 7.2;
    expect(validateCatalog(raw)).toEqual(
      expect.arrayContaining([
        'offerings/alicloud.json[0].gpu: unknown GPU key "RTX3090"',
        'offerings/alicloud.json[1].regions[0]: unknown alicloud region "xx-nowhere-9"',
      ]),
    );
  });
});
