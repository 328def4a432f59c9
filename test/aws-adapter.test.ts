import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockCalls, mockOutputs } from "../cli/offline/mocks";
import { installRecorder, settle, type RecordedResource } from "../cli/offline/recorder";
import { providerUrn } from "../cli/offline/regions";
import { failureSignal } from "../cli/offline/run";
import type { CloudTarget, CloudTargetArgs } from "../components/adapter";
import { AWS_VM_TARGET_TYPE, awsAdapter } from "../components/aws";
import type { DeploymentPlan, TargetPlan } from "../components/plan/types";
import { checkDeployability, formatFindings } from "../deployability";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan, type TargetPlanOptions } from "./fixtures/target-plan";
import { ofType, record } from "./helpers/recording";

const T = {
  provider: "pulumi:providers:aws",
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  igw: "aws:ec2/internetGateway:InternetGateway",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  rt: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  param: "aws:ssm/parameter:Parameter",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attach: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  profile: "aws:iam/instanceProfile:InstanceProfile",
  lt: "aws:ec2/launchTemplate:LaunchTemplate",
  asg: "aws:autoscaling/group:Group",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  tg: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
} as const;

const OFFERINGS = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings";

/** Resolves an output (mocks run with preview=false, so every output resolves). */
function valueOf<V>(output: pulumi.Output<V>): Promise<V> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

interface Built {
  records: RecordedResource[];
  target: CloudTarget;
  plan: TargetPlan;
  component: RecordedResource;
  byName: (name: string) => RecordedResource;
}

interface BuildOptions {
  /** Plan fixture options (load balancer, network, zones, ...). */
  plan?: TargetPlanOptions;
  /** Edits the finished plan (fields the fixture has no option for). */
  edit?: (plan: TargetPlan) => TargetPlan;
  /** Adapter args replacing the fixture's. */
  args?: Partial<CloudTargetArgs>;
}

function byNameIn(records: RecordedResource[]) {
  return (name: string) => {
    const r = records.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name}: ${records.map((x) => x.name).join(", ")}`);
    return r;
  };
}

async function build(options: BuildOptions = {}): Promise<Built> {
  let target!: CloudTarget;
  let plan!: TargetPlan;
  const records = await record(() => {
    plan = (options.edit ?? ((p) => p))(targetPlan("aws", options.plan));
    target = awsAdapter.createTarget(plan.names.logical, { ...targetArgs(plan), ...options.args }, {});
  });
  const component = records.find((r) => r.type === AWS_VM_TARGET_TYPE);
  expect(component).toBeDefined();
  return { records, target, plan, component: component!, byName: byNameIn(records) };
}

interface Invoke {
  token: string;
  inputs: Record<string, unknown>;
  region: string | undefined;
}

/**
 * Records `build` with `override` in front of the offline mock invokes, collecting every invoke
 * (with its provider's region) and the errors the program reports instead of failing the test run.
 */
async function recordInvokes(
  build: () => void,
  override: (token: string, inputs: Record<string, unknown>, region?: string) => Record<string, unknown> | undefined = () => undefined,
): Promise<{ records: RecordedResource[]; invokes: Invoke[]; errors: string[] }> {
  const invokes: Invoke[] = [];
  const errors: string[] = [];
  const failed = failureSignal(errors);
  try {
    const records = await installRecorder({
      project: "gpu-inference",
      stack: "test",
      outputs: mockOutputs,
      calls: (token, inputs, region) => {
        invokes.push({ token, inputs, region });
        return override(token, inputs, region) ?? mockCalls(token, inputs, region);
      },
    });
    try {
      build();
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    // A failed look-up leaves dependent registrations pending forever under mocks: stop at the first error.
    await Promise.race([settle(records), failed.promise, new Promise((resolve) => setTimeout(resolve, 3000))]);
    return { records, invokes, errors };
  } finally {
    failed.dispose();
  }
}

/** Ingress rules of a security group. */
function ingressOf(records: RecordedResource[], sgId: string | undefined): RecordedResource[] {
  return ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === sgId);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe("awsAdapter (vm)", () => {
  it("builds every building block as a child of the target component", async () => {
    const { records, component } = await build();
    for (const type of Object.values(T)) {
      if (type === T.rolePolicy) continue;
      const ofT = ofType(records, type);
      expect(ofT.length, type).toBeGreaterThan(0);
      for (const r of ofT) expect(r.parent, `${type} ${r.name}`).toBe(component.urn);
    }
    expect(component.urn).toContain("gpu-inference:aws:VmTarget");
    expect(AWS_VM_TARGET_TYPE).toBe("gpu-inference:aws:VmTarget");
    for (const r of records.filter((x) => x.custom)) expect(r.name.startsWith("main-"), r.name).toBe(true);
    expect(awsAdapter.cloud).toBe("aws");
  });

  it("builds every resource and invoke of each target through its own regional provider (two regions, one recording)", async () => {
    const plans: TargetPlan[] = [];
    const targets: CloudTarget[] = [];
    const { records, invokes, errors } = await recordInvokes(() => {
      plans.push(targetPlan("aws", { name: "east" }));
      plans.push(targetPlan("aws", { name: "west", region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], instanceType: "g6e.xlarge" }));
      for (const plan of plans) targets.push(awsAdapter.createTarget(plan.names.logical, targetArgs(plan), {}));
    });
    expect(errors).toEqual([]);
    const providers = ofType(records, T.provider);
    expect(providers.map((p) => [p.name, p.inputs.region])).toEqual([
      ["east-provider", "us-east-1"],
      ["west-provider", "us-west-2"],
    ]);
    for (const [name, region] of [["east", "us-east-1"], ["west", "us-west-2"]]) {
      const provider = records.find((r) => r.name === `${name}-provider`)!;
      expect(provider.type).toBe("pulumi:providers:aws");
      const own = records.filter((r) => r.custom && r.name.startsWith(`${name}-`) && r.type !== T.provider);
      expect(own.length).toBeGreaterThan(25);
      for (const r of own) {
        expect(r.provider, `${r.type} ${r.name}`).toBeDefined();
        expect(providerUrn(r.provider!), `${r.type} ${r.name}`).toBe(provider.urn);
        expect(r.region, `${r.type} ${r.name}`).toBe(region);
      }
      const component = records.find((r) => r.type === AWS_VM_TARGET_TYPE && r.name === name)!;
      expect(provider.parent).toBe(component.urn);
    }
    expect(records.find((r) => r.name === "west-host-0")!.inputs).toMatchObject({ availabilityZone: "us-west-2a", cidrBlock: "10.42.0.0/20" });
    // No invoke goes through the default provider: each has its target's region.
    expect(invokes.length).toBeGreaterThanOrEqual(4);
    for (const i of invokes) expect(["us-east-1", "us-west-2"], i.token).toContain(i.region);
    const offerings = invokes.filter((i) => i.token === OFFERINGS);
    expect(offerings.map((i) => [(i.inputs.filters as Any)[0].values[0], i.region, i.inputs.locationType])).toEqual([
      ["g5.xlarge", "us-east-1", "availability-zone"],
      ["g6e.xlarge", "us-west-2", "availability-zone"],
    ]);
    expect(invokes.filter((i) => i.token === "aws:ssm/getParameter:getParameter").map((i) => i.region).sort()).toEqual(["us-east-1", "us-west-2"]);
    expect(invokes.some((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones" || i.token === "aws:ec2/getVpc:getVpc")).toBe(false);
    // Region-specific values follow the provider: the west target's secrets are decrypted via SSM in us-west-2.
    const westPolicy = JSON.parse(records.find((r) => r.name === "west-host-secrets")!.inputs.policy as string);
    expect(westPolicy.Statement[1].Condition.StringEquals["kms:ViaService"]).toBe("ssm.us-west-2.amazonaws.com");
    expect(westPolicy.Statement[0].Resource[0]).toMatch(/^arn:aws:ssm:us-west-2:/);
    expect(await valueOf(targets[1].endpoint)).toBe("http://west-alb.us-west-2.elb.amazonaws.com");
    expect(targets[0].provider).not.toBe(targets[1].provider);
  });

  it("uses the provider it is given and creates none", async () => {
    let given!: pulumi.ProviderResource;
    const records = await record(() => {
      given = new Provider("shared-aws", { region: "us-east-1" });
      const plan = targetPlan("aws");
      const target = awsAdapter.createTarget("main", { ...targetArgs(plan), provider: given }, {});
      expect(target.provider).toBe(given);
    });
    expect(ofType(records, T.provider).map((p) => p.name)).toEqual(["shared-aws"]);
    const shared = records.find((r) => r.name === "shared-aws")!;
    for (const r of records.filter((x) => x.custom && x.type !== T.provider)) expect(providerUrn(r.provider ?? ""), r.name).toBe(shared.urn);
  });

  it("creates exactly the plan's subnets (CIDR and zone) with the NAT gateway in the first public LB subnet", async () => {
    const { records, byName, plan } = await build();
    expect(plan.names.physical).toBe("test-main");
    expect(byName("main-vpc").inputs).toMatchObject({ cidrBlock: "10.42.0.0/16", enableDnsHostnames: true });
    const subnets = ofType(records, T.subnet).map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]);
    expect(subnets.sort()).toEqual([
      ["main-host-0", "10.42.0.0/20", "us-east-1a", false],
      ["main-host-1", "10.42.16.0/20", "us-east-1b", false],
      ["main-lb-0", "10.42.240.0/24", "us-east-1a", false],
      ["main-lb-1", "10.42.241.0/24", "us-east-1b", false],
    ]);
    expect(ofType(records, T.nat)).toHaveLength(1);
    expect(byName("main-nat").inputs).toMatchObject({ subnetId: "main-lb-0-id", allocationId: "main-nat-eip-id", connectivityType: "public" });
    expect(byName("main-nat-eip").inputs.domain).toBe("vpc");
    expect(byName("main-private-default").inputs).toMatchObject({ routeTableId: "main-private-rt-id", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "main-nat-id" });
    expect(byName("main-public-default").inputs).toMatchObject({ routeTableId: "main-public-rt-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "main-igw-id" });
    expect(byName("main-host-0-rt").inputs).toEqual({ subnetId: "main-host-0-id", routeTableId: "main-private-rt-id" });
    expect(byName("main-host-1-rt").inputs.routeTableId).toBe("main-private-rt-id");
    expect(byName("main-lb-0-rt").inputs.routeTableId).toBe("main-public-rt-id");
    expect(byName("main-lb-1-rt").inputs.routeTableId).toBe("main-public-rt-id");
    expect(ofType(records, T.route)).toHaveLength(2);
    expect(byName("main-alb").inputs.subnets).toEqual(["main-lb-0-id", "main-lb-1-id"]);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["main-host-0-id", "main-host-1-id"]);
    // Cloud-side names use the physical prefix <stack>-<target>.
    expect((byName("main-vpc").inputs.tags as Any).Name).toBe("test-main-vpc");
    expect((byName("main-host-1").inputs.tags as Any).Name).toBe("test-main-host-1");
  });

  it("puts an internal ALB in private subnets and the NAT gateway in the plan's dedicated public NAT subnet", async () => {
    const { records, byName, target } = await build({ plan: { loadBalancer: { public: false } } });
    expect(byName("main-alb").inputs.internal).toBe(true);
    expect(byName("main-nat-subnet").inputs).toMatchObject({ cidrBlock: "10.42.242.0/24", availabilityZone: "us-east-1a", mapPublicIpOnLaunch: false });
    expect(byName("main-nat").inputs.subnetId).toBe("main-nat-subnet-id");
    expect(byName("main-nat-subnet-rt").inputs.routeTableId).toBe("main-public-rt-id");
    for (const rta of ["main-lb-0-rt", "main-lb-1-rt", "main-host-0-rt", "main-host-1-rt"]) expect(byName(rta).inputs.routeTableId, rta).toBe("main-private-rt-id");
    expect(ofType(records, T.subnet).map((s) => s.inputs.cidrBlock).sort()).toEqual(["10.42.0.0/20", "10.42.16.0/20", "10.42.240.0/24", "10.42.241.0/24", "10.42.242.0/24"]);
    expect(ingressOf(records, byName("main-lb-sg").id).map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])).toEqual([[80, "10.42.0.0/16"]]);
    expect(ofType(records, T.nat)).toHaveLength(1);
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.us-east-1.elb.amazonaws.com");
  });

  it("with one zone keeps hosts in it and takes the ALB's second zone from the plan (no zone look-up)", async () => {
    const { records, byName, plan } = await build({ plan: { zones: ["us-east-1a"] } });
    expect(plan.network.lbSubnets.map((s) => s.zone)).toEqual(["us-east-1a", "us-east-1b"]);
    const hosts = ofType(records, T.subnet).filter((s) => s.name.startsWith("main-host-"));
    expect(hosts.map((s) => [s.inputs.availabilityZone, s.inputs.cidrBlock])).toEqual([["us-east-1a", "10.42.0.0/20"]]);
    expect(byName("main-lb-0").inputs).toMatchObject({ availabilityZone: "us-east-1a", cidrBlock: "10.42.240.0/24" });
    expect(byName("main-lb-1").inputs).toMatchObject({ availabilityZone: "us-east-1b", cidrBlock: "10.42.241.0/24" });
    expect(byName("main-alb").inputs.subnets).toEqual(["main-lb-0-id", "main-lb-1-id"]);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["main-host-0-id"]);
  });

  it("deploys into an existing network by the plan's subnet ids without creating or looking up one", async () => {
    const network = { vpcCidr: "10.0.0.0/16", existing: { vpcId: "vpc-existing", subnetIds: ["subnet-a", "subnet-b"], lbSubnetIds: ["subnet-lb-a", "subnet-lb-b"] } };
    const { records, invokes, errors } = await recordInvokes(() => {
      const plan = targetPlan("aws", { network, loadBalancer: { public: false } });
      awsAdapter.createTarget("main", targetArgs(plan), {});
    });
    expect(errors).toEqual([]);
    const byName = byNameIn(records);
    for (const t of [T.vpc, T.subnet, T.nat, T.igw, T.eip, T.rt, T.route, T.rta]) expect(ofType(records, t), t).toHaveLength(0);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["subnet-a", "subnet-b"]);
    expect(byName("main-alb").inputs.subnets).toEqual(["subnet-lb-a", "subnet-lb-b"]);
    expect(byName("main-tg").inputs.vpcId).toBe("vpc-existing");
    expect(byName("main-lb-sg").inputs.vpcId).toBe("vpc-existing");
    expect(ingressOf(records, byName("main-lb-sg").id).map((r) => r.inputs.cidrIpv4)).toEqual(["10.0.0.0/16"]);
    expect(invokes.map((i) => i.token)).not.toContain("aws:ec2/getVpc:getVpc");
  });

  it("opens the engine port only to the LB security group and the listener only to the client CIDRs, with no SSH", async () => {
    const { records, byName } = await build({ plan: { loadBalancer: { public: true, allowedCidrs: ["198.51.100.0/24", "203.0.113.0/24"] } } });
    const hostSgId = byName("main-host-sg").id;
    const lbSgId = byName("main-lb-sg").id;
    const hostIngress = ingressOf(records, hostSgId);
    expect(hostIngress).toHaveLength(1);
    expect(hostIngress[0].inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: "main-lb-sg-id" });
    expect(hostIngress[0].inputs.cidrIpv4).toBeUndefined();
    expect(hostIngress[0].inputs.cidrIpv6).toBeUndefined();
    for (const r of ofType(records, T.ingress)) {
      expect(r.inputs.fromPort).not.toBe(22);
      expect(Number(r.inputs.fromPort) <= 22 && Number(r.inputs.toPort) >= 22).toBe(false);
      expect(r.inputs.cidrIpv4, r.name).not.toBe("0.0.0.0/0");
    }
    for (const sg of ofType(records, T.sg)) expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(ingressOf(records, lbSgId).map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])).toEqual([
      [80, 80, "198.51.100.0/24"],
      [80, 80, "203.0.113.0/24"],
    ]);
    const lbEgress = ofType(records, T.egress).filter((r) => r.inputs.securityGroupId === lbSgId);
    expect(lbEgress.map((r) => r.inputs)).toMatchObject([{ ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: "main-host-sg-id" }]);
    expect(lbEgress[0].inputs.cidrIpv4).toBeUndefined();
    expect(byName("main-lb-sg").inputs.namePrefix).toBe("test-main-lb-sg-");
    expect(byName("main-host-sg").inputs.namePrefix).toBe("test-main-host-sg-");
  });

  it("a public ALB without allowedCidrs admits everyone on the listener, and still only the ALB on the engine port", async () => {
    const { records, byName } = await build({ plan: { port: 8080 } });
    expect(ingressOf(records, byName("main-lb-sg").id).map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4])).toEqual([[80, "0.0.0.0/0"]]);
    const hostIngress = ingressOf(records, byName("main-host-sg").id);
    expect(hostIngress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId])).toEqual([[8080, 8080, "main-lb-sg-id"]]);
    expect(byName("main-tg").inputs.port).toBe(8080);
  });

  it("serves HTTPS with the plan's certificate and a TLS 1.3 policy, redirects HTTP, and opens 443 and 80 to the client CIDRs only", async () => {
    const cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    const { records, byName, target } = await build({ plan: { loadBalancer: { public: true, tls: { certificateId: cert }, allowedCidrs: ["198.51.100.0/24"] } } });
    expect(byName("main-https").inputs).toMatchObject({ port: 443, protocol: "HTTPS", certificateArn: cert, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect((byName("main-http-redirect").inputs as Any).defaultActions[0]).toMatchObject({ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } });
    expect(byName("main-http-redirect").inputs.port).toBe(80);
    expect(records.find((r) => r.name === "main-http")).toBeUndefined();
    const lbIngress = ingressOf(records, byName("main-lb-sg").id);
    expect(lbIngress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]).sort()).toEqual([[443, "198.51.100.0/24"], [80, "198.51.100.0/24"]]);
    expect(ingressOf(records, byName("main-host-sg").id).map((r) => r.inputs.fromPort)).toEqual([8000]);
    expect(await valueOf(target.endpoint)).toBe("https://main-alb.us-east-1.elb.amazonaws.com");
  });

  it("hardens the launch template: IMDSv2, encrypted gp3 root of the planned size with model-loading throughput, no public IP, base64 user-data without secrets", async () => {
    const { byName } = await build({ plan: { rootVolumeGb: 321 } });
    const lt = byName("main-lt").inputs as Any;
    expect(lt.metadataOptions).toMatchObject({ httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 });
    expect(lt.blockDeviceMappings).toEqual([
      { deviceName: "/dev/sda1", ebs: { volumeType: "gp3", volumeSize: 321, throughput: 500, iops: 6000, encrypted: "true", deleteOnTermination: "true" } },
    ]);
    expect(lt.networkInterfaces).toHaveLength(1);
    expect(lt.networkInterfaces[0].associatePublicIpAddress).toBe("false");
    expect(lt.networkInterfaces[0].securityGroups).toEqual(["main-host-sg-id"]);
    expect(lt.instanceType).toBe("g5.xlarge");
    expect(lt.imageId).toBe("ami-0123456789abcdef0");
    expect(lt.iamInstanceProfile).toEqual({ name: "main-host-profile" });
    expect(lt.instanceMarketOptions).toBeUndefined();
    expect(lt.keyName).toBeUndefined();
    expect(lt.namePrefix).toBe("test-main-lt-");
    const userData = Buffer.from(lt.userData, "base64").toString("utf8");
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    expect(userData).toContain("/gpu-inference/test/main/hubToken");
    for (const value of Object.values(FIXTURE_SECRET_VALUES)) expect(userData).not.toContain(value);
    expect(lt.tagSpecifications.map((t: Any) => t.resourceType)).toEqual(["instance", "volume", "network-interface"]);
    expect(lt.tagSpecifications[0].tags.Name).toBe("test-main-host");
  });

  it("passes spot through to the launch template and the ASG", async () => {
    const spot = await build({ plan: { spot: true } });
    expect((spot.byName("main-lt").inputs as Any).instanceMarketOptions).toEqual({
      marketType: "spot",
      spotOptions: { spotInstanceType: "one-time", instanceInterruptionBehavior: "terminate" },
    });
    expect(spot.byName("main-asg").inputs.capacityRebalance).toBe(true);
    const onDemand = await build({ plan: { spot: false } });
    expect(onDemand.byName("main-asg").inputs.capacityRebalance).toBe(false);
  });

  it("sizes the ASG from replicas and health-checks the readiness path through the ALB", async () => {
    const { byName, target } = await build({ plan: { replicas: { min: 2, max: 5 }, readinessPath: "/v1/models" } });
    const asg = byName("main-asg").inputs as Any;
    expect(asg).toMatchObject({ minSize: 2, maxSize: 5, desiredCapacity: 2, healthCheckType: "ELB", namePrefix: "test-main-asg-" });
    expect(asg.vpcZoneIdentifiers).toEqual(["main-host-0-id", "main-host-1-id"]);
    expect(asg.targetGroupArns).toEqual(["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/main-tg/abc"]);
    expect(byName("main-tg").inputs).toMatchObject({ port: 8000, protocol: "HTTP", targetType: "instance", healthCheck: { path: "/v1/models", matcher: "200", port: "traffic-port" } });
    expect(byName("main-alb").inputs).toMatchObject({ loadBalancerType: "application", internal: false, dropInvalidHeaderFields: true, idleTimeout: 300, securityGroups: ["main-lb-sg-id"] });
    expect(byName("main-http").inputs).toMatchObject({ port: 80, protocol: "HTTP" });
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.us-east-1.elb.amazonaws.com");
    expect(await valueOf(target.hostGroupId)).toBe("main-asg-id");
  });

  it("gives hosts a health-check grace period that covers the engine's start budget (5400 s)", async () => {
    const { byName } = await build({ edit: (p) => ({ ...p, bootstrap: { ...p.bootstrap, startBudgetSec: 5400 } }) });
    const asg = byName("main-asg").inputs as Any;
    expect(asg.healthCheckGracePeriod).toBeGreaterThanOrEqual(5400);
    expect(asg.healthCheckGracePeriod).toBe(5700);
    expect(Number(asg.instanceRefresh.preferences.instanceWarmup)).toBeGreaterThanOrEqual(5400);
    const short = await build();
    expect(short.plan.bootstrap.startBudgetSec).toBe(3600);
    expect((short.byName("main-asg").inputs as Any).healthCheckGracePeriod).toBe(3900);
  });

  it("rolls hosts by instance refresh on launch-template changes, never dropping a one-replica target to zero", async () => {
    const one = await build();
    const asg = one.byName("main-asg").inputs as Any;
    // A refresh never starts on `$Latest`: the group names the template's latest version.
    expect(asg.launchTemplate).toEqual({ id: "main-lt-id", version: "1" });
    expect(one.byName("main-lt").inputs.updateDefaultVersion).toBe(true);
    expect(asg.instanceRefresh).toEqual({
      strategy: "Rolling",
      preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: "3900" },
    });
    const two = await build({ plan: { replicas: { min: 2, max: 4 } } });
    expect((two.byName("main-asg").inputs as Any).instanceRefresh.preferences).toMatchObject({ minHealthyPercentage: 100, maxHealthyPercentage: 150 });
    const three = await build({ plan: { replicas: { min: 3, max: 4 } } });
    // 134 % of 3 = 4.02 hosts: one replacement at a time.
    expect((three.byName("main-asg").inputs as Any).instanceRefresh.preferences).toMatchObject({ minHealthyPercentage: 100, maxHealthyPercentage: 134 });
  });

  it("verifies that every planned zone offers the instance type and names the zones that do when one does not", async () => {
    const { records, invokes, errors } = await recordInvokes(
      () => {
        const plan = targetPlan("aws");
        awsAdapter.createTarget("main", targetArgs(plan), {});
      },
      (token, inputs) =>
        token === OFFERINGS
          ? { ...inputs, id: "us-east-1", locations: ["us-east-1b", "us-east-1c", "us-east-1d"], instanceTypes: ["g5.xlarge", "g5.xlarge", "g5.xlarge"], locationTypes: ["availability-zone", "availability-zone", "availability-zone"] }
          : undefined,
    );
    expect(invokes.filter((i) => i.token === OFFERINGS).map((i) => i.inputs)).toEqual([
      { locationType: "availability-zone", filters: [{ name: "instance-type", values: ["g5.xlarge"] }] },
    ]);
    const message = errors.join("\n");
    expect(message).toMatch(/target main \(aws us-east-1\): instance type g5\.xlarge is not offered in us-east-1a /);
    expect(message).toContain("zones that offer it: us-east-1b, us-east-1c, us-east-1d");
    expect(message).not.toMatch(/not offered in [^(]*us-east-1b/);
    // The hosts never get a launch template for a zone that cannot launch them.
    expect(ofType(records, T.asg)).toHaveLength(0);
  });

  it("fails clearly when no zone of the region offers the instance type", async () => {
    const { errors } = await recordInvokes(
      () => awsAdapter.createTarget("main", targetArgs(targetPlan("aws", { instanceType: "p5.48xlarge" })), {}),
      (token, inputs) => (token === OFFERINGS ? { ...inputs, id: "us-east-1", locations: [], instanceTypes: [], locationTypes: [] } : undefined),
    );
    expect(errors.join("\n")).toMatch(/instance type p5\.48xlarge is not offered in us-east-1a, us-east-1b .*no zone of us-east-1 offers it/);
  });

  it("stores the plan's secrets as SecureString parameters under the plan's store names, readable only by the hosts' role", async () => {
    const { records, byName } = await build();
    const params = ofType(records, T.param);
    expect(params.map((p) => p.inputs.name).sort()).toEqual(["/gpu-inference/test/main/apiKey", "/gpu-inference/test/main/hubToken"]);
    for (const p of params) expect(p.inputs).toMatchObject({ type: "SecureString", value: "[secret]" });
    const policy = JSON.parse(byName("main-host-secrets").inputs.policy as string);
    expect(policy.Statement[0].Resource.sort()).toEqual(params.map((p) => `arn:aws:ssm:us-east-1:123456789012:parameter/${p.name}`).sort());
    expect(policy.Statement[0].Action).toEqual(["ssm:GetParameter", "ssm:GetParameters"]);
    expect(policy.Statement[1]).toMatchObject({ Action: "kms:Decrypt", Condition: { StringEquals: { "kms:ViaService": "ssm.us-east-1.amazonaws.com" } } });
    expect(byName("main-host-ssm-core").inputs.policyArn).toBe("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    const trust = JSON.parse(byName("main-host-role").inputs.assumeRolePolicy as string);
    expect(trust.Statement).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });

  it("names parameters from the plan's storeName, not from the target name", async () => {
    const { records } = await build({
      edit: (p) => ({ ...p, secrets: p.secrets.map((s) => ({ ...s, storeName: `custom/store/${s.name}` })) }),
    });
    expect(ofType(records, T.param).map((p) => p.inputs.name).sort()).toEqual(["/custom/store/apiKey", "/custom/store/hubToken"]);
  });

  it("refuses a plan secret without a value", async () => {
    const { errors } = await recordInvokes(() => {
      const plan = targetPlan("aws");
      awsAdapter.createTarget("main", { ...targetArgs(plan), secrets: targetArgs(plan).secrets.filter((s) => s.name !== "apiKey") }, {});
    });
    expect(errors).toEqual(["target main (aws us-east-1): secret apiKey (VLLM_API_KEY) is in the plan but has no value"]);
  });

  it("without secrets creates no parameter and no permission beyond Session Manager", async () => {
    const { records } = await build({ plan: { secrets: [] } });
    expect(ofType(records, T.param)).toHaveLength(0);
    expect(ofType(records, T.rolePolicy)).toHaveLength(0);
    expect(ofType(records, T.attach).map((r) => r.inputs.policyArn)).toEqual(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
  });

  it("tags every taggable resource with the five required tags and a physical Name", async () => {
    const { records } = await build();
    const taggable = records.filter((r) => r.custom && ![T.provider, T.route, T.rta, T.attach, T.rolePolicy].includes(r.type as never));
    expect(taggable.length).toBeGreaterThan(20);
    for (const r of taggable) {
      const tags = (r.type === T.asg
        ? Object.fromEntries((r.inputs.tags as Any[]).map((t) => [t.key, t.value]))
        : r.inputs.tags) as Record<string, string>;
      expect(tags, `${r.type} ${r.name}`).toMatchObject({ environment: "dev", owner: "ml-platform", "cost-center": "cc-4242", stack: "test", "managed-by": "gpu-inference-kit" });
      expect(tags.Name, `${r.type} ${r.name}`).toMatch(/^test-main-/);
    }
    expect((ofType(records, T.asg)[0].inputs.tags as Any[]).every((t) => t.propagateAtLaunch === true)).toBe(true);
  });

  it("passes the kit's deployability checks (provider region, host egress, LB → engine, grace, disk) for public, internal and slow-start targets", async () => {
    const cases: BuildOptions[] = [
      {},
      { plan: { loadBalancer: { public: false, allowedCidrs: ["10.8.0.0/16"] } } },
      { plan: { zones: ["us-east-1a"], loadBalancer: { public: true, tls: { certificateId: "arn:aws:acm:us-east-1:123456789012:certificate/abc" } } } },
      { edit: (p) => ({ ...p, bootstrap: { ...p.bootstrap, startBudgetSec: 5400 } }) },
    ];
    for (const options of cases) {
      const { records, plan } = await build(options);
      const deployment = { stack: "test", environment: "dev", tags: {}, targets: [plan], warnings: [] } as unknown as DeploymentPlan;
      const found = checkDeployability({ plan: deployment, resources: records });
      expect(found, formatFindings(found)).toEqual([]);
    }
  });

  it("refuses plans it cannot build: another cloud, a non-AWS backend source, a created VPC without a NAT subnet", async () => {
    // Errors are collected and the runtime settles, so no registration of a failed target outlives its test.
    const errorsOf = async (plan: () => TargetPlan) => (await recordInvokes(() => void awsAdapter.createTarget("main", targetArgs(plan()), {}))).errors.join("\n");
    expect(await errorsOf(() => targetPlan("alicloud"))).toMatch(/the plan is for alicloud, not aws/);
    expect(
      await errorsOf(() => {
        const plan = targetPlan("aws");
        return { ...plan, loadBalancer: { ...plan.loadBalancer, backendAccess: { kind: "lb-subnets", cidrs: ["10.42.240.0/24"], source: "test" } } };
      }),
    ).toMatch(/reaches the engine by lb-subnets/);
    expect(
      await errorsOf(() => {
        const plan = targetPlan("aws");
        return { ...plan, network: { ...plan.network, egress: { kind: "nat-gateway", natSubnet: null, hostRoute: "route-table" } } };
      }),
    ).toMatch(/^target main \(aws us-east-1\): the plan creates a VPC without a NAT subnet/);
  });
});
