/**
 * What the offline run's mocks answer: outputs the kit's components read from their children
 * (ARNs, DNS names, VIPs) and invoke results (image look-ups), with obviously fake values.
 */
import { loadCatalog } from "../../catalog";
import type { DeploymentPlan } from "../../components/plan/types";
import type { MockCalls, MockOutputs } from "./recorder";

/** Outputs the kit's components read from their children, keyed by type token. */
export const mockOutputs: MockOutputs = (type, name) => {
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return { arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/${name}/abc`, dnsName: `${name}.elb.amazonaws.com` };
    case "aws:lb/targetGroup:TargetGroup":
      return { arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/abc` };
    case "aws:ssm/parameter:Parameter":
      return { arn: `arn:aws:ssm:us-east-1:123456789012:parameter/${name}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::123456789012:role/${name}`, name };
    case "aws:iam/instanceProfile:InstanceProfile":
      return { arn: `arn:aws:iam::123456789012:instance-profile/${name}`, name };
    case "alicloud:alb/loadBalancer:LoadBalancer":
      return { dnsName: `${name}.cn-hangzhou.alb.aliyuncsslb.com` };
    case "alicloud:vpc/natGateway:NatGateway":
      return { snatTableIds: `stb-${name}`, forwardTableIds: `ftb-${name}` };
    case "alicloud:ecs/eipAddress:EipAddress":
      return { ipAddress: "203.0.113.20" };
    case "tencentcloud:Clb/instance:Instance":
      return { clbVips: ["203.0.113.20"], domain: `${name}.clb.tencentclb.com` };
    case "tencentcloud:Clb/listener:Listener":
      return { listenerId: `lbl-${name}` };
    case "volcengine:clb/clb:Clb":
      return { eipAddress: "198.51.100.30", eniAddress: "10.42.48.10" };
    case "volcengine:clb/listener:Listener":
      return { listenerId: `lsn-${name}` };
    case "volcengine:ecs/instance:Instance":
      return { instanceId: `i-${name}` };
    case "volcengine:autoscaling/scalingGroup:ScalingGroup":
      return { scalingGroupId: `scg-${name}` };
    case "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration":
      return { scalingConfigurationId: `scc-${name}` };
    default:
      return {};
  }
};

/**
 * GPU devices the Volcano Engine `getInstanceTypes` mock reports, by instance type id: the types
 * the shipped stacks and tests use. Their real GPUs are unverified (see the catalog's
 * unverified families); a real `pulumi up` checks them against the plan.
 */
export const MOCK_VOLCENGINE_GPUS: Record<string, { productName: string; count: number; memoryGb: number }> = {
  "ecs.pni2.14xlarge": { productName: "NVIDIA A800-SXM4-80GB", count: 1, memoryGb: 80 },
  "ecs.gni2.3xlarge": { productName: "NVIDIA A10", count: 1, memoryGb: 24 },
};

/** Values of the `filters[]` entry named `name` of a Tencent invoke. */
function filterValues(inputs: Record<string, unknown>, name: string): string[] {
  const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
  return filters.filter((f) => f.name === name).flatMap((f) => f.values);
}

/**
 * `tencentcloud:Instance/getTypes:getTypes`: every catalog size of the requested families (PNV4,
 * PNV5b, GN7, GN10Xp, GT4, the HCC types) in every requested zone, as on sale.
 */
function tencentInstanceTypes(inputs: Record<string, unknown>): Record<string, unknown> {
  const families = filterValues(inputs, "instance-family");
  const zones = filterValues(inputs, "zone");
  const offerings = loadCatalog().offerings.filter((o) => o.cloud === "tencentcloud" && families.includes(o.family));
  const instanceTypes = zones.flatMap((zone) =>
    offerings.map((o) => ({
      instanceType: o.instanceType,
      family: o.family,
      cpuCoreCount: o.vcpu,
      gpuCoreCount: o.gpuCount,
      memorySize: o.memoryGib,
      availabilityZone: zone,
      instanceChargeType: "POSTPAID_BY_HOUR",
      status: "SELL",
    })),
  );
  return { ...inputs, id: "mock-instance-types", instanceTypes };
}

/** `volcengine:ecs/getInstanceTypes:getInstanceTypes`: the requested ids found in {@link MOCK_VOLCENGINE_GPUS}. */
function volcengineInstanceTypes(inputs: Record<string, unknown>): Record<string, unknown> {
  const ids = (inputs.ids as string[] | undefined) ?? [];
  const instanceTypes = ids
    .filter((id) => id in MOCK_VOLCENGINE_GPUS)
    .map((id) => {
      const gpu = MOCK_VOLCENGINE_GPUS[id];
      return {
        instanceTypeId: id,
        instanceTypeFamily: id.split(".").slice(0, -1).join("."),
        gpus: [{ gpuDevices: [{ productName: gpu.productName, count: gpu.count, memories: [{ size: gpu.memoryGb * 1024 }] }] }],
      };
    });
  return { ...inputs, id: "mock-instance-types", instanceTypes, totalCount: instanceTypes.length };
}

/** Invoke results: image look-ups, instance-type look-ups, availability zones, SSM parameters. */
export const mockCalls: MockCalls = (token, inputs) => {
  switch (token) {
    case "aws:ssm/getParameter:getParameter":
      return { ...inputs, value: "ami-0123456789abcdef0", type: "String" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const exclude = (inputs.excludeNames as string[] | undefined) ?? [];
      const names = ["us-east-1a", "us-east-1b", "us-east-1c"].filter((n) => !exclude.includes(n));
      return { ...inputs, names, zoneIds: names.map((n) => `use1-az${n.slice(-1)}`), groupNames: names, id: "us-east-1" };
    }
    case "aws:ec2/getVpc:getVpc":
      return { ...inputs, cidrBlock: "10.0.0.0/16" };
    case "alicloud:alb/getZones:getZones":
      return { ...inputs, ids: ["cn-hangzhou-j", "cn-hangzhou-k"], zones: [{ id: "cn-hangzhou-j", localName: "J" }, { id: "cn-hangzhou-k", localName: "K" }] };
    case "alicloud:vpc/getNetworks:getNetworks":
      return { ...inputs, vpcs: ((inputs.ids as string[] | undefined) ?? []).map((id) => ({ id, vpcId: id, cidrBlock: "172.16.0.0/12" })) };
    case "alicloud:vpc/getSwitches:getSwitches":
      return {
        ...inputs,
        vswitches: ((inputs.ids as string[] | undefined) ?? []).map((id) => ({ id, vswitchId: id, cidrBlock: `172.16.${(id.charCodeAt(id.length - 1) % 16) * 16}.0/20`, zoneId: `cn-hangzhou-${id.slice(-1)}` })),
      };
    case "alicloud:ecs/getImages:getImages":
      return { ...inputs, ids: ["ubuntu_22_04_x64_20G_alibase_20260901.vhd"], images: [{ id: "ubuntu_22_04_x64_20G_alibase_20260901.vhd" }] };
    case "tencentcloud:Images/getInstance:getInstance":
      return { ...inputs, images: [{ imageId: "img-gpu-ubuntu2204", imageName: "Ubuntu Server 22.04 LTS 64bit GPU" }] };
    case "volcengine:ecs/getImages:getImages":
      return { ...inputs, images: [{ imageId: "image-ubuntu2204-gpu", imageName: "Ubuntu Server 22.04 GPU" }] };
    case "tencentcloud:Instance/getTypes:getTypes":
      return tencentInstanceTypes(inputs);
    case "volcengine:ecs/getInstanceTypes:getInstanceTypes":
      return volcengineInstanceTypes(inputs);
    default:
      return inputs;
  }
};

/**
 * The offline run's invoke mock for a planned deployment: instance-type look-ups answer with what
 * the plan expects for the plan's own instance types (an offline run cannot see a cloud's real
 * type list; a real `pulumi up` checks them), everything else as {@link mockCalls}.
 */
export function planAwareMockCalls(plan: DeploymentPlan): MockCalls {
  const byType = new Map(plan.targets.map((t) => [`${t.placement.cloud}/${t.offering.instanceType}`, t]));
  return (token, inputs) => {
    const base = mockCalls(token, inputs);
    if (token === "volcengine:ecs/getInstanceTypes:getInstanceTypes") {
      const found = ((inputs.ids as string[] | undefined) ?? []).flatMap((id) => {
        const target = byType.get(`volcengine/${id}`);
        if (!target) return [];
        const gpu = target.offering.gpu;
        return [{ instanceTypeId: id, instanceTypeFamily: id.split(".").slice(0, -1).join("."), gpus: [{ gpuDevices: [{ productName: `NVIDIA ${gpu.model}`, count: gpu.count, memories: [{ size: gpu.memoryGb * 1024 }] }] }] }];
      });
      return found.length ? { ...base, instanceTypes: found, totalCount: found.length } : base;
    }
    if (token === "tencentcloud:Instance/getTypes:getTypes") {
      const listed = (base.instanceTypes as { instanceType: string; availabilityZone: string }[] | undefined) ?? [];
      const extra = filterValues(inputs, "zone").flatMap((zone) =>
        plan.targets
          .filter((t) => t.placement.cloud === "tencentcloud" && !listed.some((l) => l.instanceType === t.offering.instanceType && l.availabilityZone === zone))
          .map((t) => ({ instanceType: t.offering.instanceType, family: t.offering.family, gpuCoreCount: t.offering.gpu.count, availabilityZone: zone, instanceChargeType: "POSTPAID_BY_HOUR", status: "SELL" })),
      );
      return { ...base, instanceTypes: [...listed, ...extra] };
    }
    return base;
  };
}
