/**
 * AWS instance-type check: verifies at deploy time that the plan's instance type is offered in every
 * zone the plan puts hosts in. The plan takes zones from the catalog, but AWS zone names map to
 * different physical zones per account, and GPU types are offered in some zones only; without this
 * check the Auto Scaling group would keep retrying a zone that can never launch the type.
 */
import * as pulumi from "@pulumi/pulumi";
import { getInstanceTypeOfferingsOutput } from "@pulumi/aws/ec2/getInstanceTypeOfferings";
import { targetError } from "../adapter";
import type { TargetPlan } from "../plan/types";

/**
 * `plan.offering.instanceType`, resolved only once `aws.ec2.getInstanceTypeOfferings`
 * (`locationType: availability-zone`, filtered by the instance type, through `provider`) lists it
 * in every zone of `plan.placement.zones`. Otherwise the output fails with a {@link targetError}
 * that names the missing zones and the zones of the region that do offer the type. The launch
 * template takes its instance type from this output, so a `pulumi preview` already fails.
 */
export function verifyAwsInstanceType(plan: TargetPlan, parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
  const type = plan.offering.instanceType;
  const offerings = getInstanceTypeOfferingsOutput(
    { locationType: "availability-zone", filters: [{ name: "instance-type", values: [type] }] },
    { parent, provider },
  );
  return offerings.apply((result) => {
    // `locations[i]` offers `instanceTypes[i]` (parallel lists); the filter already keeps only `type`.
    const locations = result.locations ?? [];
    const types = result.instanceTypes ?? [];
    const offered = new Set(locations.filter((_, i) => types.length !== locations.length || types[i] === type));
    const missing = plan.placement.zones.filter((zone) => !offered.has(zone));
    if (missing.length) {
      const where = offered.size ? `zones that offer it: ${[...offered].sort().join(", ")}` : `no zone of ${plan.placement.region} offers it to this account`;
      throw targetError(
        plan,
        parent,
        `instance type ${type} is not offered in ${missing.join(", ")} (zone names are per account); ${where}. Set the target's zones to zones that offer it, or choose another instance type or region`,
      );
    }
    return type;
  });
}
