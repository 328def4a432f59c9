/**
 * What the offline run's mocks answer: outputs the kit's components read from their children
 * (ARNs, DNS names, VIPs) and invoke results (image look-ups, zones), with obviously fake values
 * in the region of the resource or invoke (its provider's region, see regions.ts).
 */
import { loadCatalog } from "../../catalog";
import type { DeploymentPlan } from "../../components/plan/types";
import type { MockCalls, MockOutputs } from "./recorder";

/** Stand-in for a region nobody named (no explicit provider, no `<pkg>:region` config). */
export const UNKNOWN_REGION = "region-unknown";

/** AWS zone-id prefix of a region, as AWS abbreviates it: `us-east-1` → `use1`, `ap-southeast-2` → `apse2`. */
export function awsZoneIdPrefix(region: string): string {
  const [area, direction = "", number = ""] = region.split("-");
  const short = direction.replace(/(north|south)?(east|west|central)?/, (_m, ns: string | undefined, ew: string | undefined) => `${ns?.[0] ?? ""}${ew?.[0] ?? ""}`);
  return `${area}${short}${number}`;
}

/** Zone ids of a region from the catalog (catalog/data/regions.json); `<region>-a`, `-b` when the catalog lacks it. */
export function catalogZones(cloud: string, region: string): string[] {
  const known = loadCatalog().regions.find((r) => r.cloud === cloud && r.region === region);
  return known ? [...known.zones] : [`${region}-a`, `${region}-b`];
}

/**
 * Outputs the kit's components read from their children, keyed by type token, in the resource's
 * region ({@link UNKNOWN_REGION} when it has none).
 */
export const mockOutputs: MockOutputs = (type, name, _inputs, region = UNKNOWN_REGION) => {
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return { arn: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/${name}/abc`, dnsName: `${name}.${region}.elb.amazonaws.com` };
    case "aws:lb/targetGroup:TargetGroup":
      return { arn: `arn:aws:elasticloadbalancing:${region}:123456789012:targetgroup/${name}/abc` };
    case "aws:ssm/parameter:Parameter":
      return { arn: `arn:aws:ssm:${region}:123456789012:parameter/${name}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::123456789012:role/${name}`, name };
    case "aws:iam/instanceProfile:InstanceProfile":
      return { arn: `arn:aws:iam::123456789012:instance-profile/${name}`, name };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return { latestVersion: 1 };
    case "aws:eks/cluster:Cluster":
      // EKS creates the cluster security group; the node groups' launch templates attach it.
      return { vpcConfig: { ...((_inputs.vpcConfig as Record<string, unknown> | undefined) ?? {}), clusterSecurityGroupId: `sg-${name}` } };
    case "alicloud:alb/loadBalancer:LoadBalancer":
      return { dnsName: `${name}.${region}.alb.aliyuncsslb.com` };
    case "alicloud:vpc/natGateway:NatGateway":
      return { snatTableIds: `stb-${name}`, forwardTableIds: `ftb-${name}` };
    case "alicloud:ecs/eipAddress:EipAddress":
      return { ipAddress: "203.0.113.20" };
    case "tencentcloud:Clb/instance:Instance":
      return { clbVips: ["203.0.113.20"], domain: `${name}.clb.${region}.tencentclb.com` };
    case "tencentcloud:Clb/listener:Listener":
      return { listenerId: `lbl-${name}` };
    case "tencentcloud:Eip/instance:Instance":
      return { publicIp: "203.0.113.40", status: "UNBIND" };
    case "volcengine:clb/clb:Clb":
      return { eipAddress: "198.51.100.30", eniAddress: "10.42.240.10" }; // private address in the planned CLB subnet 10.42.240.0/24
    case "volcengine:clb/listener:Listener":
      return { listenerId: `lsn-${name}` };
    case "volcengine:ecs/instance:Instance":
      return { instanceId: `i-${name}` };
    case "volcengine:eip/address:Address":
      return { eipAddress: "198.51.100.40" };
    case "volcengine:autoscaling/scalingGroup:ScalingGroup":
      return { scalingGroupId: `scg-${name}` };
    case "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration":
      return { scalingConfigurationId: `scc-${name}` };
    case "volcengine:kms/secret:Secret":
      return { trn: `trn:kms:${region}:2100000000:secrets/${String(_inputs.secretName)}` };
    // gateway (components/gateway/keys.ts): a consumer key, and another stack's endpoint (gateway.upstreams)
    case "random:index/randomPassword:RandomPassword":
      return { result: `offline-key-${name}` };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return { primaryEndpointAddress: `${name}.abc123.ng.0001.${region}.cache.amazonaws.com` };
    case "alicloud:kvstore/instance:Instance":
      return { connectionDomain: `r-${name}.redis.${region}.rds.aliyuncs.com` };
    case "pulumi:pulumi:StackReference":
      return { outputs: { endpoint: `https://${name}.offline.invalid` } };
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

/** Charge types a Tencent `getTypes` call asks for (`instance-charge-type` filter), `POSTPAID_BY_HOUR` when absent. */
function tencentChargeTypes(inputs: Record<string, unknown>): string[] {
  const requested = filterValues(inputs, "instance-charge-type");
  return requested.length ? requested : ["POSTPAID_BY_HOUR"];
}

/**
 * `tencentcloud:Instance/getTypes:getTypes`: every catalog size of the requested families (PNV4,
 * PNV5b, GN7, GN10Xp, GT4, the HCC types) in every requested zone, as on sale with each requested
 * charge type (one row per charge type, like DescribeZoneInstanceConfigInfos).
 */
function tencentInstanceTypes(inputs: Record<string, unknown>): Record<string, unknown> {
  const families = filterValues(inputs, "instance-family");
  const zones = filterValues(inputs, "zone");
  const charges = tencentChargeTypes(inputs);
  const offerings = loadCatalog().offerings.filter((o) => o.cloud === "tencentcloud" && families.includes(o.family));
  const instanceTypes = zones.flatMap((zone) =>
    charges.flatMap((instanceChargeType) => offerings.map((o) => ({
      instanceType: o.instanceType,
      family: o.family,
      cpuCoreCount: o.vcpu,
      gpuCoreCount: o.gpuCount,
      memorySize: o.memoryGib,
      availabilityZone: zone,
      instanceChargeType,
      status: "SELL",
    }))),
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

/** `aws:index/getAvailabilityZones`: the region's catalog zones, minus `excludeNames`. */
function awsZones(inputs: Record<string, unknown>, region: string): Record<string, unknown> {
  const exclude = (inputs.excludeNames as string[] | undefined) ?? [];
  const names = catalogZones("aws", region).filter((n) => !exclude.includes(n));
  const prefix = awsZoneIdPrefix(region);
  return { ...inputs, names, zoneIds: names.map((n) => `${prefix}-az${n.charCodeAt(n.length - 1) - 96}`), groupNames: names, id: region };
}

/**
 * `alicloud:alb/getZones`: the region's catalog zones, last first (the look-up's order is not a
 * preference; answering from the other end makes a fallback zone differ from the preferred ones).
 */
function alicloudAlbZones(inputs: Record<string, unknown>, region: string): Record<string, unknown> {
  const zones = catalogZones("alicloud", region).reverse();
  return { ...inputs, ids: zones, zones: zones.map((id) => ({ id, localName: id.slice(region.length + 1).toUpperCase() })) };
}

/**
 * Invoke results: image look-ups, instance-type look-ups, availability zones, SSM parameters, in
 * the invoke's region ({@link UNKNOWN_REGION} when it has none).
 */
export const mockCalls: MockCalls = (token, inputs, region = UNKNOWN_REGION) => {
  switch (token) {
    case "aws:ssm/getParameter:getParameter":
      return { ...inputs, value: "ami-0123456789abcdef0", type: "String" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return awsZones(inputs, region);
    case "aws:index/getRegion:getRegion":
      return { ...inputs, name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com` };
    case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": {
      // every catalog zone of the region offers every requested type (locations[i] offers instanceTypes[i])
      const offers = catalogZones("aws", region).flatMap((zone) => filterValues(inputs, "instance-type").map((type) => ({ zone, type })));
      return { ...inputs, id: region, region, locations: offers.map((o) => o.zone), instanceTypes: offers.map((o) => o.type), locationTypes: offers.map(() => "availability-zone") };
    }
    case "aws:ec2/getVpc:getVpc":
      return { ...inputs, cidrBlock: "10.0.0.0/16" };
    case "alicloud:alb/getZones:getZones":
      return alicloudAlbZones(inputs, region);
    case "alicloud:index/getZones:getZones": {
      // every catalog zone of the region, offering the requested instance type (if any)
      const type = inputs.availableInstanceType as string | undefined;
      const ids = catalogZones("alicloud", region);
      return { ...inputs, id: region, ids, zones: ids.map((id) => ({ id, localName: id, availableInstanceTypes: type ? [type] : [], availableResourceCreations: ["Instance"], availableDiskCategories: ["cloud_essd"], multiZoneIds: [], slbSlaveZoneIds: [] })) };
    }
    case "alicloud:vpc/getNetworks:getNetworks":
      return { ...inputs, vpcs: ((inputs.ids as string[] | undefined) ?? []).map((id) => ({ id, vpcId: id, cidrBlock: "172.16.0.0/12" })) };
    case "alicloud:vpc/getSwitches:getSwitches":
      return {
        ...inputs,
        vswitches: ((inputs.ids as string[] | undefined) ?? []).map((id) => ({ id, vswitchId: id, cidrBlock: `172.16.${(id.charCodeAt(id.length - 1) % 16) * 16}.0/20`, zoneId: `${region}-${id.slice(-1)}` })),
      };
    case "alicloud:cs/getClusterCredential:getClusterCredential":
      // a placeholder kubeconfig for the cluster (the Kubernetes provider is never contacted offline)
      return { ...inputs, kubeConfig: `apiVersion: v1\nkind: Config\nclusters: [{name: ${String(inputs.clusterId)}, cluster: {server: "https://${region}.cs.aliyuncs.com"}}]\n` };
    case "aws:eks/getCluster:getCluster":
      return { ...inputs, endpoint: `https://${String(inputs.name)}.${region}.eks.amazonaws.com`, certificateAuthorities: [{ data: "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t" }], vpcConfigs: [], vpcConfig: { subnetIds: [`subnet-${String(inputs.name)}-a`, `subnet-${String(inputs.name)}-b`], clusterSecurityGroupId: `sg-${String(inputs.name)}-cluster` } };
    case "alicloud:ecs/getImages:getImages":
      return { ...inputs, ids: ["ubuntu_22_04_x64_20G_alibase_20260901.vhd"], images: [{ id: "ubuntu_22_04_x64_20G_alibase_20260901.vhd" }] };
    case "tencentcloud:Images/getInstance:getInstance":
      return { ...inputs, images: [{ imageId: "img-gpu-ubuntu2204", imageName: "Ubuntu Server 22.04 LTS 64bit GPU" }] };
    case "volcengine:ecs/getImages:getImages":
      return { ...inputs, images: [{ imageId: "image-ubuntu2204-gpu", imageName: "Ubuntu Server 22.04 GPU" }] };
    case "tencentcloud:Instance/getTypes:getTypes":
      return tencentInstanceTypes(inputs);
    case "tencentcloud:User/getInfo:getInfo":
      // a placeholder account (root and caller the same); a real run reads the provider's credentials
      return { ...inputs, id: "mock-user-info", appId: "1250000000", ownerUin: "100000000001", uin: "100000000001" };
    case "volcengine:ecs/getInstanceTypes:getInstanceTypes":
      return volcengineInstanceTypes(inputs);
    case "volcengine:ecs/getAvailableResources:getAvailableResources": {
      // the requested type on sale in the requested zone (a real `pulumi up` asks the cloud)
      const zoneId = String(inputs.zoneId ?? `${region}-a`);
      const supportedResources = inputs.instanceTypeId ? [{ value: inputs.instanceTypeId, status: "Available" }] : [];
      return { ...inputs, id: "mock-available-resources", availableZones: [{ zoneId, regionId: region, status: "Available", availableResources: [{ type: String(inputs.destinationResource), supportedResources }] }], totalCount: 1 };
    }
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
  return (token, inputs, region) => {
    const base = mockCalls(token, inputs, region);
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
        tencentChargeTypes(inputs).flatMap((instanceChargeType) =>
          plan.targets
            .filter((t) => t.placement.cloud === "tencentcloud" && !listed.some((l) => l.instanceType === t.offering.instanceType && l.availabilityZone === zone))
            .map((t) => ({ instanceType: t.offering.instanceType, family: t.offering.family, gpuCoreCount: t.offering.gpu.count, availabilityZone: zone, instanceChargeType, status: "SELL" })),
        ),
      );
      return { ...base, instanceTypes: [...listed, ...extra] };
    }
    return base;
  };
}
