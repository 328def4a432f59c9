/** Shared set-up of the aws-adapter tests (split from aws-adapter.test.ts). */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import { mockCalls, mockOutputs } from "../../cli/offline/mocks";
import { installRecorder, type RecordedResource } from "../../cli/offline/recorder";
import { disableStackCapture } from "../../cli/offline/stack-capture";
import { settleOrStop } from "./settle";
import { failureSignal } from "../../cli/offline/run";
import type { CloudTarget, CloudTargetArgs } from "../../components/adapter";
import { AWS_VM_TARGET_TYPE, awsAdapter } from "../../components/aws";
import type { TargetPlan } from "../../components/plan/types";
import { targetArgs, targetPlan, type TargetPlanOptions } from "../fixtures/target-plan";
import { ofType, record } from "./recording";

export const T = {
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

export const OFFERINGS = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings";

/** Resolves an output (mocks run with preview=false, so every output resolves). */
export function valueOf<V>(output: pulumi.Output<V>): Promise<V> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

export interface Built {
  records: RecordedResource[];
  target: CloudTarget;
  plan: TargetPlan;
  component: RecordedResource;
  byName: (name: string) => RecordedResource;
}

export interface BuildOptions {
  /** Plan fixture options (load balancer, network, zones, ...). */
  plan?: TargetPlanOptions;
  /** Edits the finished plan (fields the fixture has no option for). */
  edit?: (plan: TargetPlan) => TargetPlan;
  /** Adapter args replacing the fixture's. */
  args?: Partial<CloudTargetArgs>;
}

export function byNameIn(records: RecordedResource[]) {
  return (name: string) => {
    const r = records.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name}: ${records.map((x) => x.name).join(", ")}`);
    return r;
  };
}

export async function build(options: BuildOptions = {}): Promise<Built> {
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

export interface Invoke {
  token: string;
  inputs: Record<string, unknown>;
  region: string | undefined;
}

/**
 * Records `build` with `override` in front of the offline mock invokes, collecting every invoke
 * (with its provider's region) and the errors the program reports instead of failing the test run.
 */
export async function recordInvokes(
  build: () => void,
  override: (token: string, inputs: Record<string, unknown>, region?: string) => Record<string, unknown> | undefined = () => undefined,
): Promise<{ records: RecordedResource[]; invokes: Invoke[]; errors: string[] }> {
  const invokes: Invoke[] = [];
  const errors: string[] = [];
  const failed = failureSignal(errors);
  // As in an offline run: no SDK call-stack capture (see record() in helpers/recording.ts).
  const restoreStacks = disableStackCapture();
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
    await settleOrStop(records, failed.promise);
    return { records, invokes, errors };
  } finally {
    failed.dispose();
    restoreStacks();
  }
}

/** Ingress rules of a security group. */
export function ingressOf(records: RecordedResource[], sgId: string | undefined): RecordedResource[] {
  return ofType(records, T.ingress).filter((r) => r.inputs.securityGroupId === sgId);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

