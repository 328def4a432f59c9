/**
 * A program that fails while registering (a throwing apply, a failed invoke) exits 3 with the
 * error, instead of waiting forever on the registrations it left pending or exiting 0 silently.
 * @vitest-isolate: the failed program leaves registrations pending in the runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli";

describe("gpukit plan when the program fails under mocks", () => {
  it("exits 3 and prints the failure", async () => {
    const result = await runCli(["plan", "--stack", "dev", "--format", "json"], async () => {
      const { SecurityGroup } = await import("@pulumi/aws/ec2/securityGroup.js");
      new SecurityGroup("broken", {
        description: pulumi.output("x").apply(() => {
          throw new Error("image look-up found nothing in cn-hangzhou");
        }),
      });
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("The program failed under mocks");
    expect(result.stderr).toContain("image look-up found nothing in cn-hangzhou");
    expect(result.stderr).not.toMatch(/\n\s+at /); // stack frames stay out of the message
  });
});
