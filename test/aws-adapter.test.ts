import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { RecordedResource } from "../cli/offline/recorder";
import { awsAdapter } from "../components/aws";
import type { CloudTarget, CloudTargetArgs } from "../components/adapter";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan, type TargetPlanOptions } from "./fixtures/target-plan";
import { ofType, record } from "./helpers/recording";

const T = {
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

/** Resolves an output (mocks run with preview=false, so every output resolves). */
function valueOf<V>(output: pulumi.Output<V>): Promise<V> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

interface Built {
  records: RecordedResource[];
  target: CloudTarget;
  component: RecordedResource;
  byName: (name: string) => RecordedResource;
}

async function build(plan: TargetPlanOptions = {}, extra: Partial<CloudTargetArgs> & { noSecrets?: boolean } = {}): Promise<Built> {
  let target!: CloudTarget;
  const records = await record(() => {
    const p = targetPlan("aws", plan);
    const args = { ...targetArgs(p), ...extra };
    if (extra.noSecrets) args.secrets = [];
    target = awsAdapter.createTarget("main", args, {});
  });
  const component = records.find((r) => r.type === "gpu-inference:aws:VmTarget");
  expect(component).toBeDefined();
  const byName = (name: string) => {
    const r = records.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name}: ${records.map((x) => x.name).join(", ")}`);
    return r;
  };
  return { records, target, component: component!, byName };
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
    for (const r of records.filter((x) => x.custom)) expect(r.name.startsWith("main-"), r.name).toBe(true);
    expect(awsAdapter.cloud).toBe("aws");
  });

  it("lays out a VPC with private host subnets per zone, two LB subnets and one NAT gateway", async () => {
    const { records, byName } = await build();
    expect(byName("main-vpc").inputs).toMatchObject({ cidrBlock: "10.42.0.0/16", enableDnsHostnames: true });
    expect(byName("main-host-0").inputs).toMatchObject({ availabilityZone: "us-east-1a", cidrBlock: "10.42.0.0/20", mapPublicIpOnLaunch: false });
    expect(byName("main-host-1").inputs).toMatchObject({ availabilityZone: "us-east-1b", cidrBlock: "10.42.16.0/20" });
    expect(byName("main-lb-0").inputs).toMatchObject({ cidrBlock: "10.42.240.0/24" });
    expect(ofType(records, T.nat)).toHaveLength(1);
    expect(byName("main-private-default").inputs).toMatchObject({ destinationCidrBlock: "0.0.0.0/0", natGatewayId: "main-nat-id" });
    expect(byName("main-public-default").inputs).toMatchObject({ gatewayId: "main-igw-id" });
    expect(byName("main-host-0-rt").inputs.routeTableId).toBe("main-private-rt-id");
    expect(byName("main-lb-0-rt").inputs.routeTableId).toBe("main-public-rt-id");
  });

  it("opens the engine port only to the LB security group, with no SSH and no open ingress on hosts", async () => {
    const { records, byName } = await build();
    const hostSgId = byName("main-host-sg").id;
    const lbSgId = byName("main-lb-sg").id;
    const hostIngress = ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === hostSgId);
    expect(hostIngress).toHaveLength(1);
    expect(hostIngress[0].inputs).toMatchObject({ ipProtocol: "tcp", fromPort: 8000, toPort: 8000, referencedSecurityGroupId: lbSgId });
    expect(hostIngress[0].inputs.cidrIpv4).toBeUndefined();
    for (const r of ofType(records, T.ingress)) {
      expect(r.inputs.fromPort).not.toBe(22);
      expect(Number(r.inputs.fromPort) <= 22 && Number(r.inputs.toPort) >= 22).toBe(false);
    }
    for (const sg of ofType(records, T.sg)) expect(sg.inputs.ingress ?? []).toEqual([]);
    const lbIngress = ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === lbSgId);
    expect(lbIngress.map((r) => r.inputs.fromPort)).toEqual([80]);
    expect(lbIngress[0].inputs.cidrIpv4).toBe("0.0.0.0/0");
    const lbEgress = ofType(records, T.egress).filter((r) => r.inputs.securityGroupId === lbSgId);
    expect(lbEgress.map((r) => r.inputs)).toMatchObject([{ fromPort: 8000, referencedSecurityGroupId: hostSgId }]);
  });

  it("hardens the launch template: IMDSv2, encrypted root of the planned size, no public IP, base64 user-data without secrets", async () => {
    const { byName } = await build({ rootVolumeGb: 321 });
    const lt = byName("main-lt").inputs as Any;
    expect(lt.metadataOptions).toMatchObject({ httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 });
    expect(lt.blockDeviceMappings).toEqual([
      { deviceName: "/dev/sda1", ebs: { volumeType: "gp3", volumeSize: 321, encrypted: "true", deleteOnTermination: "true" } },
    ]);
    expect(lt.networkInterfaces[0].associatePublicIpAddress).toBe("false");
    expect(lt.networkInterfaces[0].securityGroups).toEqual([byName("main-host-sg").id]);
    expect(lt.instanceType).toBe("g5.xlarge");
    expect(lt.imageId).toBe("ami-0123456789abcdef0");
    expect(lt.iamInstanceProfile).toEqual({ name: "main-host-profile" });
    expect(lt.instanceMarketOptions).toBeUndefined();
    expect(lt.keyName).toBeUndefined();
    const userData = Buffer.from(lt.userData, "base64").toString("utf8");
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    expect(userData).toContain("/gpu-inference/test/main/hubToken");
    for (const value of Object.values(FIXTURE_SECRET_VALUES)) expect(userData).not.toContain(value);
    expect(lt.tagSpecifications.map((t: Any) => t.resourceType)).toEqual(expect.arrayContaining(["instance", "volume"]));
  });

  it("passes spot through to the launch template and the ASG", async () => {
    const spot = await build({ spot: true });
    expect((spot.byName("main-lt").inputs as Any).instanceMarketOptions).toMatchObject({ marketType: "spot" });
    expect(spot.byName("main-asg").inputs.capacityRebalance).toBe(true);
    const onDemand = await build({ spot: false });
    expect(onDemand.byName("main-asg").inputs.capacityRebalance).toBe(false);
  });

  it("sizes the ASG from replicas and health-checks the readiness path through the ALB", async () => {
    const { byName, target } = await build({ replicas: { min: 2, max: 5 }, readinessPath: "/v1/models" });
    const asg = byName("main-asg").inputs as Any;
    expect(asg).toMatchObject({ minSize: 2, maxSize: 5, desiredCapacity: 2, healthCheckType: "ELB", healthCheckGracePeriod: 1200 });
    expect(asg.vpcZoneIdentifiers).toEqual(["main-host-0-id", "main-host-1-id"]);
    expect(asg.launchTemplate).toEqual({ id: "main-lt-id", version: "$Latest" });
    expect(asg.targetGroupArns).toEqual([expect.stringContaining("targetgroup/main-tg")]);
    expect(byName("main-tg").inputs).toMatchObject({ port: 8000, protocol: "HTTP", targetType: "instance", healthCheck: { path: "/v1/models", matcher: "200" } });
    expect(byName("main-alb").inputs).toMatchObject({ loadBalancerType: "application", internal: false, dropInvalidHeaderFields: true, idleTimeout: 300 });
    expect(byName("main-http").inputs).toMatchObject({ port: 80, protocol: "HTTP" });
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.elb.amazonaws.com");
    expect(await valueOf(target.hostGroupId)).toBe("main-asg-id");
  });

  it("serves HTTPS with the certificate and a TLS 1.3 policy, and redirects HTTP", async () => {
    const cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    const { records, byName, target } = await build({}, { loadBalancer: { public: true, tls: { certificateId: cert }, allowedCidrs: ["198.51.100.0/24"] } });
    expect(byName("main-https").inputs).toMatchObject({ port: 443, protocol: "HTTPS", certificateArn: cert, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect((byName("main-http-redirect").inputs as Any).defaultActions[0]).toMatchObject({ type: "redirect", redirect: { protocol: "HTTPS", port: "443" } });
    expect(records.find((r) => r.name === "main-http")).toBeUndefined();
    const lbIngress = ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === byName("main-lb-sg").id);
    expect(lbIngress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]).sort()).toEqual([[443, "198.51.100.0/24"], [80, "198.51.100.0/24"]]);
    expect(await valueOf(target.endpoint)).toBe("https://main-alb.elb.amazonaws.com");
  });

  it("stores secrets as SecureString parameters readable only by the hosts' role", async () => {
    const { records, byName } = await build();
    const params = ofType(records, T.param);
    expect(params.map((p) => p.inputs.name).sort()).toEqual(["/gpu-inference/test/main/apiKey", "/gpu-inference/test/main/hubToken"]);
    for (const p of params) expect(p.inputs).toMatchObject({ type: "SecureString", value: "[secret]" });
    const policy = JSON.parse(byName("main-host-secrets").inputs.policy as string);
    expect(policy.Statement[0].Resource.sort()).toEqual(params.map((p) => `arn:aws:ssm:us-east-1:123456789012:parameter/${p.name}`).sort());
    expect(policy.Statement[0].Action).toEqual(["ssm:GetParameter", "ssm:GetParameters"]);
    expect(policy.Statement[1].Condition.StringEquals["kms:ViaService"]).toBe("ssm.us-east-1.amazonaws.com");
    expect(byName("main-host-ssm-core").inputs.policyArn).toBe("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    const trust = JSON.parse(byName("main-host-role").inputs.assumeRolePolicy as string);
    expect(trust.Statement).toEqual([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });

  it("without secrets creates no parameter and no permission beyond Session Manager", async () => {
    const { records } = await build({ secrets: [] }, { noSecrets: true });
    expect(ofType(records, T.param)).toHaveLength(0);
    expect(ofType(records, T.rolePolicy)).toHaveLength(0);
    expect(ofType(records, T.attach).map((r) => r.inputs.policyArn)).toEqual(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
  });

  it("tags every taggable resource with the five required tags", async () => {
    const { records } = await build();
    const taggable = records.filter((r) => r.custom && r.type !== T.route && r.type !== T.rta && r.type !== T.attach && r.type !== T.rolePolicy);
    expect(taggable.length).toBeGreaterThan(20);
    for (const r of taggable) {
      const tags = (r.type === T.asg
        ? Object.fromEntries((r.inputs.tags as Any[]).map((t) => [t.key, t.value]))
        : r.inputs.tags) as Record<string, string>;
      expect(tags, `${r.type} ${r.name}`).toMatchObject({ environment: "dev", owner: "ml-platform", "cost-center": "cc-4242", stack: "test", "managed-by": "gpu-inference-kit" });
    }
    expect((ofType(records, T.asg)[0].inputs.tags as Any[]).every((t) => t.propagateAtLaunch === true)).toBe(true);
  });

  it("puts an internal ALB in private subnets and limits clients to the VPC CIDR by default", async () => {
    const { records, byName, target } = await build({}, { loadBalancer: { public: false } });
    expect(byName("main-alb").inputs.internal).toBe(true);
    expect(byName("main-lb-0-rt").inputs.routeTableId).toBe("main-private-rt-id");
    expect(byName("main-nat").inputs.subnetId).toBe("main-nat-subnet-id");
    expect(byName("main-nat-subnet-rt").inputs.routeTableId).toBe("main-public-rt-id");
    const lbIngress = ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === byName("main-lb-sg").id);
    expect(lbIngress.map((r) => r.inputs.cidrIpv4)).toEqual(["10.42.0.0/16"]);
    expect(ofType(records, T.nat)).toHaveLength(1);
    expect(await valueOf(target.endpoint)).toBe("http://main-alb.elb.amazonaws.com");
  });

  it("with one zone keeps hosts in it but spreads the ALB over a second zone", async () => {
    const { records, byName } = await build({ zones: ["us-east-1a"] });
    const subnets = ofType(records, T.subnet);
    expect(subnets.filter((s) => s.name.startsWith("main-host-")).map((s) => s.inputs.availabilityZone)).toEqual(["us-east-1a"]);
    expect(byName("main-lb-0").inputs.availabilityZone).toBe("us-east-1a");
    expect(byName("main-lb-1").inputs.availabilityZone).toBe("us-east-1b");
    expect(byName("main-alb").inputs.subnets).toEqual(["main-lb-0-id", "main-lb-1-id"]);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["main-host-0-id"]);
  });

  it("deploys into an existing network without creating one", async () => {
    const { records, byName } = await build({}, { network: { existing: { vpcId: "vpc-existing", subnetIds: ["subnet-a", "subnet-b"] } }, loadBalancer: { public: false } });
    for (const t of [T.vpc, T.subnet, T.nat, T.igw]) expect(ofType(records, t)).toHaveLength(0);
    expect(byName("main-asg").inputs.vpcZoneIdentifiers).toEqual(["subnet-a", "subnet-b"]);
    expect(byName("main-tg").inputs.vpcId).toBe("vpc-existing");
    const lbIngress = ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === byName("main-lb-sg").id);
    expect(lbIngress.map((r) => r.inputs.cidrIpv4)).toEqual(["10.0.0.0/16"]);
  });

  it("rejects an existing network with a single subnet and plans for another cloud", async () => {
    await expect(
      record(() => {
        const p = targetPlan("aws");
        awsAdapter.createTarget("main", { ...targetArgs(p), network: { existing: { vpcId: "vpc-1", subnetIds: ["subnet-a"] } } }, {});
      }),
    ).rejects.toThrow(/at least two zones/);
    await expect(
      record(() => {
        awsAdapter.createTarget("main", targetArgs(targetPlan("alicloud")), {});
      }),
    ).rejects.toThrow(/not aws/);
  });
});
