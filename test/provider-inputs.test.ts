/**
 * Every input name the Tencent Cloud and Volcano Engine adapters send must exist in the providers'
 * schemas (test/fixtures/provider-inputs.json, extracted from the reference appendices by
 * scripts/extract-provider-inputs.ts): a misspelled input would otherwise only fail at `pulumi up`.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { tencentcloudAdapter } from "../components/tencentcloud";
import { volcengineAdapter } from "../components/volcengine";
import { record } from "./helpers/recording";
import { PROVIDER_INPUTS, unknownProviderInputs, type CheckedInputs, type ProviderInputs, type TokenInputs } from "./helpers/provider-inputs";
import { capturePluginRequests, chinaTargetArgs, PLACEMENT, type PlanVariant, type PluginRequest } from "./fixtures/china-target-plan";

const VARIANTS: Omit<PlanVariant, "cloud">[] = [
  { hostGroup: "instances", public: true, tls: false, spot: false },
  { hostGroup: "instances", public: false, tls: true, spot: true },
  { hostGroup: "scaling-group", public: true, tls: true, spot: true },
  { hostGroup: "scaling-group", public: false, tls: false, spot: false },
];

const ADAPTERS = { tencentcloud: tencentcloudAdapter, volcengine: volcengineAdapter } as const;

/** Invoke tokens each adapter calls for the fixture plan (two zones), sorted. */
const INVOKES = {
  tencentcloud: ["tencentcloud:Images/getInstance:getInstance", "tencentcloud:Instance/getTypes:getTypes", "tencentcloud:Instance/getTypes:getTypes"],
  volcengine: [
    "volcengine:ecs/getAvailableResources:getAvailableResources",
    "volcengine:ecs/getAvailableResources:getAvailableResources",
    "volcengine:ecs/getImages:getImages",
    "volcengine:ecs/getInstanceTypes:getInstanceTypes",
  ],
} as const;

async function build(variant: PlanVariant) {
  let requests: PluginRequest[] = [];
  const records = await record(() => {
    requests = capturePluginRequests();
    ADAPTERS[variant.cloud].createTarget("t", chinaTargetArgs(variant), {});
  });
  const invokes = requests.filter((r) => r.kind === "invoke").map((r) => ({ type: r.token, name: "invoke", inputs: r.args ?? {} }));
  return { records, invokes };
}

describe("provider input names", () => {
  for (const cloud of ["tencentcloud", "volcengine"] as const) {
    for (const v of VARIANTS) {
      const label = `${cloud}: ${v.hostGroup}, ${v.public ? "public" : "internal"}, ${v.tls ? "tls" : "plain"}, ${v.spot ? "spot" : "on-demand"}`;
      it(`${label}: every token and input is in the schema`, async () => {
        const { records, invokes } = await build({ cloud, ...v });
        const cloudRecords = records.filter((r) => r.type.startsWith(`${cloud}:`));
        expect(cloudRecords.length).toBeGreaterThan(5);
        expect(unknownProviderInputs(records)).toEqual([]);
        // image look-up, plus the instance-type look-up (Tencent: one per zone)
        expect(invokes.map((i) => i.type).sort()).toEqual(INVOKES[cloud]);
        expect(unknownProviderInputs(invokes)).toEqual([]);
        const providers = records.filter((r) => r.type === `pulumi:providers:${cloud}`);
        expect(providers).toHaveLength(1);
        expect(providers[0].inputs.region).toBe(PLACEMENT[cloud].region);
      });
    }
  }

  it("catches a misspelled input, an unknown nested field and an unknown token", () => {
    const fake: CheckedInputs[] = [
      { type: "tencentcloud:Instance/instance:Instance", name: "bad", inputs: { instanceType: "GN7.2XLARGE32", allocatePublicIP: false } },
      { type: "tencentcloud:Instance/instance:Instance", name: "bad-disk", inputs: { dataDisks: [{ dataDiskSize: 100, dataDiskType: "CLOUD_SSD", encrypted: true }] } },
      { type: "volcengine:clb/listener:Listener", name: "bad-hc", inputs: { healthCheck: { enabled: "on", url: "/health" } } },
      { type: "tencentcloud:As/scalingGroup:ScalingGroup", name: "bad-fwd", inputs: { forwardBalancerIds: [{ listenerId: "l", loadBalancerId: "c", targetAttributes: [{ port: 1, wieght: 1 }] }] } },
      { type: "volcengine:clb/listenerRule:ListenerRule", name: "unknown", inputs: {} },
      { type: "tencentcloud:Instance/getTypes:getTypes", name: "bad-filter", inputs: { filters: [{ name: "zone", value: ["ap-guangzhou-3"] }], excludeSoldout: true } },
      { type: "volcengine:ecs/getInstanceTypes:getInstanceTypes", name: "bad-ids", inputs: { instanceTypeIds: ["ecs.gni2.3xlarge"] } },
      { type: "aws:ec2/instance:Instance", name: "ignored", inputs: { anything: 1 } },
    ];
    expect(unknownProviderInputs(fake)).toEqual([
      "tencentcloud:Instance/instance:Instance bad: unknown input allocatePublicIP",
      "tencentcloud:Instance/instance:Instance bad-disk: unknown nested input dataDisks.encrypted",
      "volcengine:clb/listener:Listener bad-hc: unknown nested input healthCheck.url",
      "tencentcloud:As/scalingGroup:ScalingGroup bad-fwd: unknown nested input forwardBalancerIds.targetAttributes.wieght",
      "volcengine:clb/listenerRule:ListenerRule unknown: token not in the provider schema fixture",
      "tencentcloud:Instance/getTypes:getTypes bad-filter: unknown nested input filters.value",
      "tencentcloud:Instance/getTypes:getTypes bad-filter: unknown input excludeSoldout",
      "volcengine:ecs/getInstanceTypes:getInstanceTypes bad-ids: unknown input instanceTypeIds",
    ]);
  });

  const reference = path.resolve(__dirname, "../../shared/reference/providers-and-catalog.md");
  const referencePresent = existsSync(reference);
  // CI runs beside a copy of shared/; anywhere else the reference may be absent: then this test is
  // skipped visibly (vitest lists it as skipped) only when GPUKIT_REFERENCE_OPTIONAL=1 says so.
  const skipReference = !referencePresent && process.env.GPUKIT_REFERENCE_OPTIONAL === "1";

  it.skipIf(skipReference)("the fixture's reference entries are what the extraction script produces from the reference", async () => {
    expect(referencePresent, `${reference} is missing: run beside shared/, or set GPUKIT_REFERENCE_OPTIONAL=1 to skip this test visibly`).toBe(true);
    const { extractProviderInputs } = await import("../scripts/extract-provider-inputs.js");
    const extracted = JSON.parse(JSON.stringify(extractProviderInputs(readFileSync(reference, "utf8")))) as ProviderInputs;
    // Every token the reference yields is in the fixture with exactly its inputs (labels may name a newer SDK source).
    const strip = (e: TokenInputs) => ({ inputs: e.inputs, nested: e.nested });
    for (const [token, entry] of Object.entries(extracted)) {
      expect(PROVIDER_INPUTS[token], `${token} is in the reference but not in the fixture`).toBeDefined();
      expect(strip(PROVIDER_INPUTS[token]), token).toEqual(strip(entry));
    }
  });

  it("every entry not taken from the reference names the official SDK file it was read from", () => {
    const others = Object.entries(PROVIDER_INPUTS).filter(([, e]) => !/^providers-and-catalog\.md|pulumi-(tencentcloud|volcengine) sdk\//.test((e as { source?: string }).source ?? ""));
    for (const [token, entry] of others) {
      expect((entry as { source?: string }).source, token).toMatch(/pulumi-(tencentcloud|volcengine) v[\d.]+ .*sdk\/nodejs\/.+\.ts/);
    }
  });
});
