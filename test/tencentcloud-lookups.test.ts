/**
 * Tencent Cloud deploy-time look-ups under mocks: image and instance-type verification through the
 * target's regional provider, with the answers a real account gives. Expected values are written by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockCalls } from "../cli/offline/mocks";
import { IMAGE_NAME_REGEX } from "../components/bootstrap";
import { tencentcloudAdapter } from "../components/tencentcloud";
import { IMAGES_TOKEN, lookupTencentcloudImageId } from "../components/tencentcloud/image";
import { INSTANCE_TYPES_TOKEN, instanceTypeMissing, verifyTencentcloudInstanceType } from "../components/tencentcloud/instance-type";
import { TencentcloudProvider } from "../components/tencentcloud/resources/provider";
import { chinaTargetArgs, chinaTargetPlan, recordWithCalls, type CallOverride } from "./fixtures/china-target-plan";
import { ofType } from "./helpers/recording";
import { T } from "./helpers/tencentcloud-adapter";

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
    const parent = new pulumi.ComponentResource("test:index:Parent", "tc");
    output = fn(parent, new TencentcloudProvider("tc-provider", { region: "ap-guangzhou" }, { parent }));
  }, override);
  return {
    value: settled(output).then(
      (v) => ({ ok: true as const, v }),
      (e: Error) => ({ ok: false as const, error: e.message }),
    ),
    invokes: requests.filter((r) => r.kind === "invoke" && r.provider.includes("test:index:Parent")),
  };
}

const plan = chinaTargetPlan({ cloud: "tencentcloud" });
const spotPlan = chinaTargetPlan({ cloud: "tencentcloud", spot: true });
const { gpu, ubuntu } = IMAGE_NAME_REGEX.tencentcloud;
const images =
  (byRegex: Record<string, string[]>): CallOverride =>
  (token, inputs) =>
    token === IMAGES_TOKEN ? { ...inputs, images: (byRegex[String(inputs.imageNameRegex)] ?? []).map((imageId) => ({ imageId })) } : undefined;
const offering =
  (byZone: Record<string, string[]>): CallOverride =>
  (token, inputs) => {
    if (token !== INSTANCE_TYPES_TOKEN) return undefined;
    const zone = (inputs.filters as { name: string; values: string[] }[]).find((f) => f.name === "zone")!.values[0];
    return { ...inputs, instanceTypes: (byZone[zone] ?? []).map((instanceType) => ({ instanceType, family: "GN7", availabilityZone: zone, status: "SELL" })) };
  };

describe("tencentcloud deploy-time look-ups", () => {
  it("image: the GPU image regex first, plain Ubuntu only when it matches nothing", async () => {
    expect(plan.bootstrap.image).toEqual({ lookup: "name-regex", value: gpu, fallback: ubuntu });
    const look = (parent: pulumi.Resource, provider: pulumi.ProviderResource) => lookupTencentcloudImageId("tc", { plan, instanceType: "GN7.2XLARGE32" }, parent, provider);
    const found = await lookUp(images({ [gpu]: ["img-gpu"], [ubuntu]: ["img-ubuntu"] }), look);
    expect(await found.value).toEqual({ ok: true, v: "img-gpu" });
    expect(found.invokes.map((r) => [r.token, r.args?.imageNameRegex])).toEqual([[IMAGES_TOKEN, gpu]]);
    const fallback = await lookUp(images({ [ubuntu]: ["img-ubuntu", "img-ubuntu-old"] }), look);
    expect(await fallback.value).toEqual({ ok: true, v: "img-ubuntu" });
    expect(fallback.invokes.map((r) => [r.token, r.args?.imageNameRegex])).toEqual([
      [IMAGES_TOKEN, gpu],
      [IMAGES_TOKEN, ubuntu],
    ]);
    for (const r of fallback.invokes) expect({ provider: r.provider.includes("tc-provider"), version: r.version, url: r.pluginDownloadURL }).toEqual({ provider: true, version: "0.2.3", url: "github://api.github.com/tencentcloudstack" });
  });

  it("image: fails naming both regexes, the type and the region when neither matches", async () => {
    const none = await lookUp(images({}), (parent, provider) => lookupTencentcloudImageId("tc", { plan, instanceType: "GN7.2XLARGE32" }, parent, provider));
    expect(await none.value).toEqual({
      ok: false,
      error: `target tencentcloud-main (tencentcloud ap-guangzhou): no public image matches /${gpu}/ or /${ubuntu}/ for GN7.2XLARGE32 in ap-guangzhou`,
    });
  });

  it("image fallback under the whole target: hosts boot the Ubuntu image", async () => {
    const { records, errors } = await recordWithCalls(() => {
      tencentcloudAdapter.createTarget("tc", chinaTargetArgs({ cloud: "tencentcloud" }), {});
    }, images({ [ubuntu]: ["img-ubuntu"] }));
    expect(errors).toEqual([]);
    expect(ofType(records, T.instance).map((h) => h.inputs.imageId)).toEqual(["img-ubuntu", "img-ubuntu"]);
  });

  it("instance type: fails naming the type, charge type, zone and what the look-up offered", async () => {
    const missing = await lookUp(offering({ "ap-guangzhou-3": ["GN7.2XLARGE32"], "ap-guangzhou-6": ["GN7.5XLARGE80", "GN7.8XLARGE128"] }), (parent, provider) =>
      verifyTencentcloudInstanceType("tc", { plan }, parent, provider),
    );
    expect(await missing.value).toEqual({
      ok: false,
      error:
        "target tencentcloud-main (tencentcloud ap-guangzhou): instance type GN7.2XLARGE32 is not offered as POSTPAID_BY_HOUR in zone ap-guangzhou-6 " +
        "(tencentcloud:Instance/getTypes:getTypes for family GN7, sold-out excluded, offers: GN7.5XLARGE80, GN7.8XLARGE128); pick an offered type or another zone",
    });
    expect(missing.invokes.map((r) => r.token)).toEqual([INSTANCE_TYPES_TOKEN, INSTANCE_TYPES_TOKEN]);
    const ok = await lookUp(offering({ "ap-guangzhou-3": ["GN7.2XLARGE32"], "ap-guangzhou-6": ["GN7.2XLARGE32"] }), (parent, provider) =>
      verifyTencentcloudInstanceType("tc", { plan }, parent, provider),
    );
    expect(await ok.value).toEqual({ ok: true, v: "GN7.2XLARGE32" });
  });

  it("instance type: lists at most five offered types, says when none is, and suggests dropping spot for a spot plan", () => {
    const many = { instanceTypes: ["GN7.5XLARGE80", "GN7.8XLARGE128", "GN7.10XLARGE160", "GN7.20XLARGE320", "GN7.LARGE20", "GN7.2XLARGE64"].map((instanceType) => ({ instanceType })) };
    expect(instanceTypeMissing(plan, "ap-guangzhou-3", many)).toContain("offers: GN7.5XLARGE80, GN7.8XLARGE128, GN7.10XLARGE160, GN7.20XLARGE320, GN7.LARGE20, … (6 in all))");
    expect(instanceTypeMissing(plan, "ap-guangzhou-3", {})).toContain("offers: none)");
    expect(instanceTypeMissing(plan, "ap-guangzhou-3", { instanceTypes: [{ instanceType: "GN7.2XLARGE32" }] })).toBeNull();
    expect(instanceTypeMissing(spotPlan, "ap-guangzhou-3", {})).toBe(
      "instance type GN7.2XLARGE32 is not offered as SPOTPAID in zone ap-guangzhou-3 (tencentcloud:Instance/getTypes:getTypes for family GN7, sold-out excluded, offers: none); " +
        "pick an offered type or another zone, or set spot: false",
    );
  });

  it("offline mock honours the charge-type filter (one row per requested charge type)", () => {
    const rows = (charge?: string) =>
      (
        mockCalls(INSTANCE_TYPES_TOKEN, {
          filters: [{ name: "zone", values: ["ap-guangzhou-3"] }, { name: "instance-family", values: ["GN7"] }, ...(charge ? [{ name: "instance-charge-type", values: [charge] }] : [])],
        }).instanceTypes as { instanceType: string; instanceChargeType: string }[]
      ).filter((r) => r.instanceType === "GN7.2XLARGE32");
    expect(rows("SPOTPAID")).toEqual([expect.objectContaining({ instanceChargeType: "SPOTPAID" })]);
    expect(rows("POSTPAID_BY_HOUR")).toEqual([expect.objectContaining({ instanceChargeType: "POSTPAID_BY_HOUR" })]);
    expect(rows()).toEqual([expect.objectContaining({ instanceChargeType: "POSTPAID_BY_HOUR" })]);
  });

  it("instance type: a type missing in a zone gates the hosts (no instance, no scaling config registered)", async () => {
    const override = offering({ "ap-guangzhou-3": ["GN7.2XLARGE32"] });
    for (const hostGroup of ["instances", "scaling-group"] as const) {
      const { records } = await recordWithCalls(() => {
        tencentcloudAdapter.createTarget("tc", chinaTargetArgs({ cloud: "tencentcloud", hostGroup }), {});
      }, override);
      expect(ofType(records, T.vpc), hostGroup).toHaveLength(1);
      expect(ofType(records, T.instance), hostGroup).toHaveLength(0);
      expect(ofType(records, T.scalingConfig), hostGroup).toHaveLength(0);
    }
  });
});
