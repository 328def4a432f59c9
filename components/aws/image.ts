/**
 * AWS image building block: resolves the plan's image hint to an AMI id through the target's
 * regional provider (AMI ids and the public SSM parameters are per region).
 */
import * as pulumi from "@pulumi/pulumi";
import { getAmiOutput } from "@pulumi/aws/ec2/getAmi";
import { getParameterOutput } from "@pulumi/aws/ssm/getParameter";
import type { BootstrapPlan } from "../plan/types";

/**
 * The AMI id for `image`:
 * - `ssm-parameter`: the value of the public SSM parameter (e.g. the Deep Learning Base OSS Nvidia
 *   Driver GPU AMI alias), resolved at every `pulumi up`, so a new AMI rolls a new launch template version;
 * - `name-regex`: the most recent Amazon-owned AMI whose name matches.
 */
export function resolveAwsImage(image: BootstrapPlan["image"], parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const opts: pulumi.InvokeOutputOptions = { parent, provider };
  if (image.lookup === "ssm-parameter") {
    return getParameterOutput({ name: image.value }, opts).value;
  }
  return getAmiOutput({ mostRecent: true, owners: ["amazon"], nameRegex: image.value }, opts).id;
}

/**
 * Root device name of the image family: `/dev/xvda` for Amazon Linux, `/dev/sda1` for Ubuntu (the
 * Deep Learning Base AMIs the planner picks). Decided from the look-up hint, which names the OS.
 */
export function awsRootDeviceName(image: BootstrapPlan["image"]): string {
  return /amazon-linux|al2023|amzn/i.test(image.value) ? "/dev/xvda" : "/dev/sda1";
}
