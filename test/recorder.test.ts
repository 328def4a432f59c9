/** The offline recorder: what it captures of each registration, secrets masked, late registrations included. */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { maskSecrets } from "../cli/offline/recorder";
import { record } from "./helpers/recording";

describe("offline recorder", () => {
  it("records type, name, URN, parent, protect and inputs; masks secrets; catches resources created in apply", async () => {
    const records = await record(async () => {
      const { SecurityGroup } = await import("@pulumi/aws/ec2/securityGroup.js");
      const { Parameter } = await import("@pulumi/aws/ssm/parameter.js");
      class Box extends pulumi.ComponentResource {
        constructor(name: string) {
          super("test:index:Box", name, {});
          const sg = new SecurityGroup(`${name}-sg`, { description: "engine", tags: { a: "b" } }, { parent: this, protect: true });
          new Parameter(`${name}-token`, { type: "SecureString", name: "/x/hubToken", value: pulumi.secret("hf_abcdef") }, { parent: this });
          sg.id.apply((id) => new SecurityGroup(`${name}-late-${id}`, { description: "late" }, { parent: this }));
          this.registerOutputs({});
        }
      }
      new Box("box");
    });
    const box = records.find((r) => r.type === "test:index:Box")!;
    const sg = records.find((r) => r.name === "box-sg")!;
    expect(sg).toMatchObject({ type: "aws:ec2/securityGroup:SecurityGroup", custom: true, protect: true, parent: box.urn, inputs: { description: "engine", tags: { a: "b" } } });
    expect(sg.urn).toBe("urn:pulumi:test::gpu-inference::test:index:Box$aws:ec2/securityGroup:SecurityGroup::box-sg");
    const token = records.find((r) => r.name === "box-token")!;
    expect(token.inputs.value).toBe("[secret]");
    expect(JSON.stringify(records)).not.toContain("hf_abcdef");
    expect(records.some((r) => r.name.startsWith("box-late-"))).toBe(true);
    expect(box.custom).toBe(false);
  });

  it("gives each resource and invoke its provider's region, the config's without a provider, and components their children's", async () => {
    const calls: { token: string; region?: string }[] = [];
    const { installRecorder: install, settle: wait } = await import("../cli/offline/recorder.js");
    const { resolveComponentRegions } = await import("../cli/offline/regions.js");
    const { mockCalls, mockOutputs } = await import("../cli/offline/mocks.js");
    const records = await install({
      project: "gpu-inference",
      stack: "test",
      outputs: mockOutputs,
      calls: (token, inputs, region) => {
        calls.push({ token, region });
        return mockCalls(token, inputs, region);
      },
    });
    pulumi.runtime.setConfig("aws:region", "eu-central-1");
    // The classes this test needs, not the package root: importing "@pulumi/aws" makes the type
    // check load all of its ~2,700 declaration files (31 MB) for this one file.
    const aws = {
      Provider: (await import("@pulumi/aws/provider.js")).Provider,
      getAvailabilityZonesOutput: (await import("@pulumi/aws/getAvailabilityZones.js")).getAvailabilityZonesOutput,
      ec2: { Vpc: (await import("@pulumi/aws/ec2/vpc.js")).Vpc },
      lb: { LoadBalancer: (await import("@pulumi/aws/lb/loadBalancer.js")).LoadBalancer },
    };
    let zones: string[] = [];
    class Target extends pulumi.ComponentResource {
      constructor(name: string, region: string) {
        super("test:index:Target", name, {});
        const provider = new aws.Provider(`${name}-provider`, { region } as ConstructorParameters<typeof aws.Provider>[1], { parent: this });
        new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16" }, { parent: this, provider });
        aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this, provider }).names.apply((n) => (zones = n));
        this.registerOutputs({});
      }
    }
    new Target("west", "us-west-2");
    new aws.ec2.Vpc("default-vpc", { cidrBlock: "10.1.0.0/16" });
    const lb = new aws.lb.LoadBalancer("lb", { internal: true }, { provider: new aws.Provider("south", { region: "ap-south-1" }) });
    let dns = "";
    lb.dnsName.apply((d) => (dns = d));
    await wait(records);
    resolveComponentRegions(records);
    const region = (name: string) => records.find((r) => r.name === name)?.region;
    expect([region("west-provider"), region("west-vpc"), region("west")]).toEqual(["us-west-2", "us-west-2", "us-west-2"]);
    expect(records.find((r) => r.name === "west-vpc")!.provider).toMatch(/^urn:pulumi:test::gpu-inference::test:index:Target\$pulumi:providers:aws::west-provider::/);
    expect(region("default-vpc")).toBe("eu-central-1");
    expect(calls.find((c) => c.token === "aws:index/getAvailabilityZones:getAvailabilityZones")?.region).toBe("us-west-2");
    expect(zones.every((z) => z.startsWith("us-west-2"))).toBe(true);
    expect(dns).toContain("ap-south-1");
  });

  it("maskSecrets replaces nested secret envelopes only", () => {
    const secret = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "s3cr3t" };
    expect(maskSecrets({ a: [1, secret], b: { c: secret, d: "plain" } })).toEqual({ a: [1, "[secret]"], b: { c: "[secret]", d: "plain" } });
  });
});
