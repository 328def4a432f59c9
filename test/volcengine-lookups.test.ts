/**
 * Volcano Engine deploy-time look-ups under mocks: the instance type, its GPUs and its stock per
 * zone (finding #8), and the image (newest of several, finding #14), each failing with a target error
 * that names the fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { MOCK_VOLCENGINE_GPUS, mockCalls } from "../cli/offline/mocks";
import { IMAGE_NAME_REGEX } from "../components/bootstrap";
import type { TargetPlan } from "../components/plan/types";
import { volcengineAdapter } from "../components/volcengine";
import { IMAGES_TOKEN, lookupVolcengineImage, newestImage } from "../components/volcengine/image";
import {
  AVAILABLE_RESOURCES_TOKEN,
  INSTANCE_TYPES_TOKEN,
  instanceTypeProblem,
  productNameMatches,
  verifyVolcengineInstanceType,
  zoneAvailabilityProblem,
} from "../components/volcengine/instance-type";
import { createVolcengineProvider } from "../components/volcengine/provider";
import { ofType } from "./helpers/recording";
import { chinaTargetArgs, chinaTargetPlan, recordWithCalls, type CallOverride } from "./fixtures/china-target-plan";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const settled = <V>(output: pulumi.Output<V>): Promise<V> => (output as any).promise();

/**
 * Runs a look-up of this folder against a provider and component made under mocks with `override`;
 * `invokes` are those made with that provider (a look-up left over from an earlier failed build may
 * land in the same mock monitor).
 */
async function lookUp<V>(override: CallOverride, fn: (parent: pulumi.Resource, provider: pulumi.ProviderResource) => pulumi.Output<V>) {
  let output!: pulumi.Output<V>;
  const { requests } = await recordWithCalls(() => {
    const parent = new pulumi.ComponentResource("test:index:Parent", "ve");
    output = fn(parent, createVolcengineProvider("ve", "cn-beijing", parent));
  }, override);
  return { value: settled(output).then((v) => ({ ok: true as const, v }), (e: Error) => ({ ok: false as const, error: e.message })), invokes: requests.filter((r) => r.kind === "invoke" && r.provider.includes("test:index:Parent")) };
}

const plan = chinaTargetPlan({ cloud: "volcengine" });
const PREFIX = "target volcengine-main (volcengine cn-beijing): ";
const { gpu, ubuntu } = IMAGE_NAME_REGEX.volcengine;
const images = (byRegex: Record<string, { imageId: string; createdAt?: string }[]>): CallOverride => (token, inputs) =>
  token === IMAGES_TOKEN ? { ...inputs, images: byRegex[String(inputs.nameRegex)] ?? [] } : undefined;
const gpus = (devices: { productName: string; count: number }[] | null): CallOverride => (token, inputs) => {
  if (token !== INSTANCE_TYPES_TOKEN) return undefined;
  const ids = inputs.ids as string[];
  return { ...inputs, instanceTypes: devices === null ? [] : ids.map((instanceTypeId) => ({ instanceTypeId, instanceTypeFamily: "ecs.gni2", gpus: [{ gpuDevices: devices }] })) };
};
/** Stock answers by zone: the type's status there, `zone-sold-out`, or absent (`undefined`: not offered). */
const stock = (byZone: Record<string, "Available" | "SoldOut" | "zone-sold-out" | undefined>): CallOverride => (token, inputs) => {
  if (token !== AVAILABLE_RESOURCES_TOKEN) return undefined;
  const zoneId = String(inputs.zoneId);
  const status = byZone[zoneId];
  if (status === undefined) return { ...inputs, availableZones: [] };
  const zoneStatus = status === "zone-sold-out" ? "SoldOut" : "Available";
  const supportedResources = status === "zone-sold-out" ? [] : [{ value: inputs.instanceTypeId, status }];
  return { ...inputs, availableZones: [{ zoneId, regionId: "cn-beijing", status: zoneStatus, availableResources: [{ type: "InstanceType", supportedResources }] }] };
};
const both = (...overrides: CallOverride[]): CallOverride => (token, inputs) => overrides.reduce<Record<string, unknown> | undefined>((found, o) => found ?? o(token, inputs), undefined);
const withGpu = (model: string, count: number): TargetPlan => ({ ...plan, offering: { ...plan.offering, gpu: { ...plan.offering.gpu, model, count } } });
const verify = (p: TargetPlan) => (parent: pulumi.Resource, provider: pulumi.ProviderResource) => verifyVolcengineInstanceType("ve", { plan: p }, parent, provider);

describe("volcengine image look-up", () => {
  it("the GPU image regex first, plain Ubuntu only when it matches nothing", async () => {
    expect(plan.bootstrap.image).toEqual({ lookup: "name-regex", value: gpu, fallback: ubuntu });
    const found = await lookUp(images({ [gpu]: [{ imageId: "image-gpu" }], [ubuntu]: [{ imageId: "image-ubuntu" }] }), (parent, provider) => lookupVolcengineImage("ve", { plan }, parent, provider));
    expect(await found.value).toEqual({ ok: true, v: "image-gpu" });
    expect(found.invokes.map((r) => [r.token, r.args?.nameRegex])).toEqual([[IMAGES_TOKEN, gpu]]);
    const fallback = await lookUp(images({ [ubuntu]: [{ imageId: "image-ubuntu" }] }), (parent, provider) => lookupVolcengineImage("ve", { plan }, parent, provider));
    expect(await fallback.value).toEqual({ ok: true, v: "image-ubuntu" });
    expect(fallback.invokes.map((r) => [r.token, r.args?.nameRegex])).toEqual([
      [IMAGES_TOKEN, gpu],
      [IMAGES_TOKEN, ubuntu],
    ]);
    for (const r of fallback.invokes) expect({ version: r.version, url: r.pluginDownloadURL }).toEqual({ version: "0.0.47", url: "github://api.github.com/volcengine" });
  });

  it("several matches (finding #14): the newest by createdAt, whatever order the data source returns", async () => {
    const rows = [
      { imageId: "image-2024-01", createdAt: "2024-01-10T08:00:00+08:00" },
      { imageId: "image-2025-06", createdAt: "2025-06-01T08:00:00+08:00" },
      { imageId: "image-undated" },
      { imageId: "image-2024-11", createdAt: "2024-11-30T23:00:00Z" },
    ];
    const found = await lookUp(images({ [gpu]: rows }), (parent, provider) => lookupVolcengineImage("ve", { plan }, parent, provider));
    expect(await found.value).toEqual({ ok: true, v: "image-2025-06" });
    expect(newestImage([...rows].reverse())?.imageId).toBe("image-2025-06");
    // ties and undated images: smallest id, dated before undated
    expect(newestImage([{ imageId: "b", createdAt: "2025-01-01T00:00:00Z" }, { imageId: "a", createdAt: "2025-01-01T00:00:00Z" }])?.imageId).toBe("a");
    expect(newestImage([{ imageId: "z" }, { imageId: "y" }])?.imageId).toBe("y");
    expect(newestImage([{ imageId: "a" }, { imageId: "b", createdAt: "2020-01-01T00:00:00Z" }])?.imageId).toBe("b");
    expect(newestImage([])).toBeUndefined();
  });

  it("fails with a target error naming both regexes, the type and the region when neither matches", async () => {
    const none = await lookUp(images({}), (parent, provider) => lookupVolcengineImage("ve", { plan }, parent, provider));
    expect(await none.value).toEqual({ ok: false, error: `${PREFIX}no public Linux image matches /${gpu}/ or /${ubuntu}/ for ecs.gni2.3xlarge in cn-beijing` });
  });
});

describe("volcengine instance-type look-up", () => {
  it("found with the planned GPU model and count, and on sale in both zones", async () => {
    const ok = await lookUp(gpus([{ productName: "NVIDIA A10", count: 1 }]), verify(plan));
    expect(await ok.value).toEqual({ ok: true, v: "ecs.gni2.3xlarge" });
    expect(ok.invokes.map((r) => [r.token, r.args])).toEqual([
      [INSTANCE_TYPES_TOKEN, { ids: ["ecs.gni2.3xlarge"] }],
      [AVAILABLE_RESOURCES_TOKEN, { destinationResource: "InstanceType", instanceTypeId: "ecs.gni2.3xlarge", zoneId: "cn-beijing-a", instanceChargeType: "PostPaid", spotStrategy: "NoSpot" }],
      [AVAILABLE_RESOURCES_TOKEN, { destinationResource: "InstanceType", instanceTypeId: "ecs.gni2.3xlarge", zoneId: "cn-beijing-b", instanceChargeType: "PostPaid", spotStrategy: "NoSpot" }],
    ]);
    for (const r of ok.invokes) expect(r.provider).toContain("ve-provider");
    const spot = await lookUp(() => undefined, verify({ ...plan, spot: true }));
    expect(await spot.value).toEqual({ ok: true, v: "ecs.gni2.3xlarge" });
    expect(spot.invokes.filter((r) => r.token === AVAILABLE_RESOURCES_TOKEN).map((r) => r.args?.spotStrategy)).toEqual(["SpotAsPriceGo", "SpotAsPriceGo"]);
  });

  it("a missing type fails with 'not found in <region>'", async () => {
    const missing = await lookUp(gpus(null), verify(plan));
    expect(await missing.value).toEqual({
      ok: false,
      error: `${PREFIX}instance type ecs.gni2.3xlarge not found in cn-beijing (volcengine:ecs/getInstanceTypes:getInstanceTypes returned no such type); check the target's instanceType`,
    });
  });

  it("another GPU model or count fails naming what the type has", async () => {
    const model = await lookUp(gpus([{ productName: "NVIDIA A100-SXM4-80GB", count: 1 }]), verify(plan));
    expect(await model.value).toEqual({
      ok: false,
      error: `${PREFIX}instance type ecs.gni2.3xlarge in cn-beijing has 1 × NVIDIA A100-SXM4-80GB, the plan expects 1 × A10; fix the target's gpu / gpusPerReplica or its instanceType`,
    });
    const count = await lookUp(gpus([{ productName: "NVIDIA A10", count: 2 }]), verify(plan));
    expect(await count.value).toMatchObject({ ok: false, error: expect.stringContaining("has 2 × NVIDIA A10, the plan expects 1 × A10") });
    expect(instanceTypeProblem(plan, { instanceTypes: [{ instanceTypeId: "ecs.gni2.3xlarge" }] })).toContain("has no GPU, the plan expects 1 × A10");
  });

  it("stock per zone (finding #8): a sold-out or unoffered zone fails naming the zones and the fix", async () => {
    const soldOut = await lookUp(stock({ "cn-beijing-a": "Available", "cn-beijing-b": "SoldOut" }), verify(plan));
    expect(await soldOut.value).toEqual({
      ok: false,
      error:
        `${PREFIX}instance type ecs.gni2.3xlarge (PostPaid, NoSpot) cannot be launched in cn-beijing-b (SoldOut) per volcengine:ecs/getAvailableResources:getAvailableResources; ` +
        "choose the target's zones where it is available, or another instanceType",
    });
    const neither = await lookUp(stock({ "cn-beijing-a": "zone-sold-out" }), verify(plan));
    expect(await neither.value).toMatchObject({ ok: false, error: expect.stringContaining("cannot be launched in cn-beijing-a (zone SoldOut), cn-beijing-b (not offered)") });
    // the GPU check comes first when both fail
    const bothFail = await lookUp(both(gpus(null), stock({})), verify(plan));
    expect(await bothFail.value).toMatchObject({ ok: false, error: expect.stringContaining("not found in cn-beijing") });
    // the check reads the type's own row, not another type's
    expect(zoneAvailabilityProblem(plan, "cn-beijing-a", { availableZones: [{ zoneId: "cn-beijing-a", status: "Available", availableResources: [{ type: "InstanceType", supportedResources: [{ value: "ecs.other", status: "Available" }] }] }] })).toBe("cn-beijing-a (not offered)");
    expect(zoneAvailabilityProblem(plan, "cn-beijing-a", mockCalls(AVAILABLE_RESOURCES_TOKEN, { destinationResource: "InstanceType", instanceTypeId: "ecs.gni2.3xlarge", zoneId: "cn-beijing-a" }, "cn-beijing"))).toBeUndefined();
  });

  it("the catalog key matches the product name as a whole model number; the offline mock's answers pass", () => {
    expect(productNameMatches("NVIDIA A800-SXM4-80GB", "A800")).toBe(true);
    expect(productNameMatches("nvidia a10", "A10")).toBe(true);
    expect(productNameMatches("NVIDIA A100-SXM4-80GB", "A10")).toBe(false);
    expect(productNameMatches("NVIDIA H200", "H20")).toBe(false);
    expect(productNameMatches("NVIDIA H100 80GB HBM3", "H100-SXM")).toBe(true);
    expect(productNameMatches("NVIDIA L40S", "L4")).toBe(false);
    for (const [id, model] of [["ecs.pni2.14xlarge", "A800"], ["ecs.gni2.3xlarge", "A10"]] as const) {
      const g = MOCK_VOLCENGINE_GPUS[id];
      const p = { ...withGpu(model, g.count), offering: { ...withGpu(model, g.count).offering, instanceType: id } };
      expect(instanceTypeProblem(p, { instanceTypes: [{ instanceTypeId: id, gpus: [{ gpuDevices: [g] }] }] })).toBeUndefined();
    }
  });

  it("a GPU mismatch or a sold-out zone gates the hosts (no instance, no scaling configuration registered)", async () => {
    const overrides = { gpu: gpus([{ productName: "NVIDIA A800-SXM4-80GB", count: 1 }]), stock: stock({ "cn-beijing-a": "Available", "cn-beijing-b": "SoldOut" }) };
    for (const [label, override] of Object.entries(overrides)) {
      for (const hostGroup of ["instances", "scaling-group"] as const) {
        const { records, errors } = await recordWithCalls(() => {
          volcengineAdapter.createTarget("ve", chinaTargetArgs({ cloud: "volcengine", hostGroup }), {});
        }, override);
        const where = `${label} ${hostGroup}`;
        expect(records.filter((r) => r.type === "volcengine:vpc/vpc:Vpc"), where).toHaveLength(1);
        expect(ofType(records, "volcengine:ecs/instance:Instance"), where).toHaveLength(0);
        expect(ofType(records, "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration"), where).toHaveLength(0);
        expect(errors.join("\n"), where).toContain(PREFIX);
      }
    }
  });
});
