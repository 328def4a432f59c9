/**
 * Alibaba Cloud adapter under mocks, continued: the secure defaults every target must meet, the
 * regional provider on every resource and look-up, and zone verification. Expected values are written by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockCalls } from "../cli/offline/mocks";
import { type RecordedResource } from "../cli/offline/recorder";
import { alicloudAdapter } from "../components/alicloud";
import { ALB_ZONES_TOKEN, ECS_ZONES_TOKEN, missingZones } from "../components/alicloud/zones";
import type { CloudTarget } from "../components/adapter";
import type { TargetPlan } from "../components/plan/types";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan } from "./fixtures/target-plan";
import { ofType } from "./helpers/recording";
import { assertSecureDefaults } from "./security-defaults";
import { T, type Any, type Override, recordAlicloud, build } from "./helpers/alicloud-adapter";

describe("alicloud secure defaults (test/security-defaults.ts)", () => {
  const report = (records: RecordedResource[]): Any => ({
    targets: [{ engine: { port: 8000 } }],
    resources: records.map((r) => ({ ...r, parent: r.parent ?? null, provider: r.provider ?? null, region: r.region ?? null })),
  });
  const edit = (records: RecordedResource[], name: string, inputs: Record<string, unknown>) =>
    records.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));

  it("the adapter's output passes, and each Alibaba check catches its defect", async () => {
    const { records } = await build();
    expect(() => assertSecureDefaults(report(records), Object.values(FIXTURE_SECRET_VALUES))).not.toThrow();
    const anyKey = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["acs:kms:cn-hangzhou:*:key/*"] }] });
    expect(() => assertSecureDefaults(report(edit(records, "main-host-secrets", { policyDocument: anyKey })))).toThrow(/decrypts with any key/);
    expect(() => assertSecureDefaults(report(edit(records, "main-host-in-engine-0", { cidrIp: "10.42.0.0/20" })))).toThrow(/opens the engine port to 10.42.0.0\/20/);
    expect(() => assertSecureDefaults(report(edit(records, "main-asg", { healthCheckTypes: ["ECS", "LOAD_BALANCER"] })))).toThrow(/ALB health/);
    const noProvider = records.map((r) => (r.name === "main-vpc" ? { ...r, provider: undefined } : r));
    expect(() => assertSecureDefaults(report(noProvider))).toThrow(/main-vpc uses the default alicloud provider/);
  });
});

describe("alicloud regional provider", () => {
  it("every resource and look-up of two targets goes through a provider of its own plan's region", async () => {
    const targets: CloudTarget[] = [];
    const plans: Record<string, TargetPlan> = {};
    const run = await recordAlicloud(() => {
      plans.hz = targetPlan("alicloud", { name: "hz" });
      plans.sh = targetPlan("alicloud", { name: "sh", region: "cn-shanghai", zones: ["cn-shanghai-e", "cn-shanghai-f"] });
      for (const name of ["hz", "sh"]) targets.push(alicloudAdapter.createTarget(name, targetArgs(plans[name]), {}));
    });
    expect(run.errors).toEqual([]);
    const providers = ofType(run.records, T.provider);
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([
      ["hz-provider", "cn-hangzhou"],
      ["sh-provider", "cn-shanghai"],
    ]);
    const providerRegion = new Map(providers.map((p) => [p.urn, p.inputs.region]));
    const custom = run.records.filter((r) => r.custom && r.type !== T.provider);
    expect(custom.length).toBeGreaterThan(40);
    for (const r of custom) {
      expect(r.provider, r.name).toBeDefined();
      const urn = r.provider!.slice(0, r.provider!.lastIndexOf("::"));
      const expected = plans[r.name.split("-")[0]].placement.region;
      expect(providerRegion.get(urn), `${r.type} ${r.name}`).toBe(expected);
      expect(r.region, r.name).toBe(expected);
    }
    // the providers are children of their targets and exposed on them
    for (const p of providers) expect(p.parent).toBe(run.records.find((r) => r.name === p.name.replace(/-provider$/, "") && !r.custom)!.urn);
    expect(targets.map((t) => t.provider.constructor.name)).toEqual(["Provider", "Provider"]);
    // every alicloud look-up had a provider of one of the two regions (an invoke on the default provider has none)
    const alicloudInvokes = run.invokes.filter((i) => i.token.startsWith("alicloud:"));
    expect(new Set(alicloudInvokes.map((i) => i.token))).toEqual(new Set([ALB_ZONES_TOKEN, ECS_ZONES_TOKEN, "alicloud:ecs/getImages:getImages"]));
    expect(alicloudInvokes.map((i) => i.region).sort()).toEqual([
      "cn-hangzhou",
      "cn-hangzhou",
      "cn-hangzhou",
      "cn-shanghai",
      "cn-shanghai",
      "cn-shanghai",
    ]);
    // the cn-shanghai vSwitches are in cn-shanghai zones
    expect(run.records.filter((r) => r.type === T.vswitch && r.name.startsWith("sh-")).map((r) => r.inputs.zoneId)).toEqual([
      "cn-shanghai-e",
      "cn-shanghai-f",
      "cn-shanghai-e",
      "cn-shanghai-f",
    ]);
  });

  it("uses args.provider when given and creates none", async () => {
    let given!: pulumi.ProviderResource;
    const run = await recordAlicloud(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Provider } = require("@pulumi/alicloud/provider");
      given = new Provider("shared", { region: "cn-hangzhou" });
      alicloudAdapter.createTarget("main", { ...targetArgs(targetPlan("alicloud")), provider: given }, {});
    });
    expect(run.errors).toEqual([]);
    expect(ofType(run.records, T.provider).map((p) => p.name)).toEqual(["shared"]);
    const shared = ofType(run.records, T.provider)[0];
    for (const r of run.records.filter((x) => x.custom && x.type !== T.provider)) expect(r.provider?.startsWith(`${shared.urn}::`), r.name).toBe(true);
  });
});

describe("alicloud zone verification", () => {
  const lacking =
    (token: string, zone: string): Override =>
    (t, inputs, region) => {
      if (t !== token) return undefined;
      const base = mockCalls(t, inputs, region) as { zones: { id: string }[] };
      const zones = base.zones.filter((z) => z.id !== zone);
      return { ...base, ids: zones.map((z) => z.id), zones };
    };

  it("names the missing zones", () => {
    expect(missingZones(["a", "b", "c"], ["c", "a"])).toEqual(["b"]);
    expect(missingZones([], ["a"])).toEqual([]);
  });

  it("asks for the plan's instance type, pay-as-you-go, in the target's region", async () => {
    const { invokes } = await build();
    expect(invokes.filter((i) => i.token === ECS_ZONES_TOKEN)).toEqual([
      {
        token: ECS_ZONES_TOKEN,
        inputs: { availableInstanceType: "ecs.gn7i-c8g1.2xlarge", availableResourceCreation: "Instance", instanceChargeType: "PostPaid", spotStrategy: "NoSpot" },
        region: "cn-hangzhou",
      },
    ]);
    expect(invokes.filter((i) => i.token === ALB_ZONES_TOKEN).map((i) => i.region)).toEqual(["cn-hangzhou"]);
  });

  it("fails before any host exists when a host zone does not offer the instance type, naming the zones that do", async () => {
    const run = await recordAlicloud(() => {
      alicloudAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {});
    }, lacking(ECS_ZONES_TOKEN, "cn-hangzhou-k"));
    expect(run.errors.join("\n")).toContain(
      "target main (alicloud cn-hangzhou): instance type ecs.gn7i-c8g1.2xlarge is not offered pay-as-you-go in cn-hangzhou-k; " +
        "zones of cn-hangzhou offering it: cn-hangzhou-h, cn-hangzhou-i, cn-hangzhou-j. Set the target's zones to those",
    );
    expect(ofType(run.records, T.lt)).toHaveLength(0);
    expect(ofType(run.records, T.asg)).toHaveLength(0);
  });

  it("fails when no zone of the region offers the instance type", async () => {
    const run = await recordAlicloud(
      () => void alicloudAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {}),
      (t, inputs) => (t === ECS_ZONES_TOKEN ? { ...inputs, ids: [], zones: [] } : undefined),
    );
    expect(run.errors.join("\n")).toContain("instance type ecs.gn7i-c8g1.2xlarge is not offered pay-as-you-go in any zone of cn-hangzhou; choose another instance type (gpu) or region");
  });

  it("fails before the ALB exists when an ALB zone lacks ALB, naming the ALB zones", async () => {
    const run = await recordAlicloud(() => {
      alicloudAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {});
    }, lacking(ALB_ZONES_TOKEN, "cn-hangzhou-k"));
    expect(run.errors.join("\n")).toContain(
      "target main (alicloud cn-hangzhou): ALB is not offered in cn-hangzhou-k; ALB zones in cn-hangzhou: cn-hangzhou-j, cn-hangzhou-i, cn-hangzhou-h. Set the target's zones to ALB zones",
    );
    expect(ofType(run.records, T.alb)).toHaveLength(0);
  });
});
