/**
 * AWS adapter under mocks, continued: launch template hardening, the ASG, zone verification, secrets,
 * tags and the kit's own deployability checks over what the adapter registers. Expected values are written by hand.
 */
import { describe, expect, it } from "vitest";
import { awsAdapter } from "../components/aws";
import type { DeploymentPlan, TargetPlan } from "../components/plan/types";
import { checkDeployability, formatFindings } from "../deployability";
import { FIXTURE_SECRET_VALUES, targetArgs, targetPlan } from "./fixtures/target-plan";
import { ofType } from "./helpers/recording";
import { T, OFFERINGS, valueOf, type BuildOptions, build, recordInvokes, type Any } from "./helpers/aws-adapter";

describe("awsAdapter (vm): hosts, secrets, tags and deployability", () => {
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
