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

  it("maskSecrets replaces nested secret envelopes only", () => {
    const secret = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "s3cr3t" };
    expect(maskSecrets({ a: [1, secret], b: { c: secret, d: "plain" } })).toEqual({ a: [1, "[secret]"], b: { c: "[secret]", d: "plain" } });
  });
});
