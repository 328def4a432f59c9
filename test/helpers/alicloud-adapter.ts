/** Shared set-up of the alicloud-adapter tests (split from alicloud-adapter.test.ts). */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import { mockCalls, mockOutputs } from "../../cli/offline/mocks";
import { installRecorder, type MockCalls, type RecordedResource } from "../../cli/offline/recorder";
import { disableStackCapture } from "../../cli/offline/stack-capture";
import { settleOrStop } from "./settle";
import { failureSignal } from "../../cli/offline/run";
import { alicloudAdapter } from "../../components/alicloud";
import type { CloudTarget, CloudTargetArgs } from "../../components/adapter";
import type { TargetPlan } from "../../components/plan/types";
import { targetArgs, targetPlan, type TargetPlanOptions } from "../fixtures/target-plan";
import { ofType } from "./recording";

export const T = {
  provider: "pulumi:providers:alicloud",
  vpc: "alicloud:vpc/network:Network",
  vswitch: "alicloud:vpc/switch:Switch",
  nat: "alicloud:vpc/natGateway:NatGateway",
  eip: "alicloud:ecs/eipAddress:EipAddress",
  eipAssoc: "alicloud:ecs/eipAssociation:EipAssociation",
  snat: "alicloud:vpc/snatEntry:SnatEntry",
  sg: "alicloud:ecs/securityGroup:SecurityGroup",
  rule: "alicloud:ecs/securityGroupRule:SecurityGroupRule",
  key: "alicloud:kms/key:Key",
  secret: "alicloud:oos/secretParameter:SecretParameter",
  role: "alicloud:ram/role:Role",
  policy: "alicloud:ram/policy:Policy",
  attach: "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment",
  lt: "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate",
  asg: "alicloud:ess/scalingGroup:ScalingGroup",
  alb: "alicloud:alb/loadBalancer:LoadBalancer",
  servers: "alicloud:alb/serverGroup:ServerGroup",
  listener: "alicloud:alb/listener:Listener",
  acl: "alicloud:alb/acl:Acl",
  aclEntries: "alicloud:alb/aclEntryAttachment:AclEntryAttachment",
  aclAttach: "alicloud:alb/listenerAclAttachment:ListenerAclAttachment",
} as const;

export const OPTIONAL = new Set<string>([T.acl, T.aclEntries, T.aclAttach]);
export const REQUIRED_TAGS = { environment: "dev", owner: "ml-platform", "cost-center": "cc-4242", stack: "test", "managed-by": "gpu-inference-kit" };

export function valueOf<V>(output: pulumi.Output<V>): Promise<V> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

/** An invoke as the mock saw it: token, inputs and the region of its provider. */
export interface Invoke {
  token: string;
  inputs: Record<string, unknown>;
  region?: string;
}

/** A call override: an answer for (token, inputs, region), or undefined for the shared mock's. */
export type Override = (token: string, inputs: Record<string, unknown>, region: string | undefined) => Record<string, unknown> | undefined;

/**
 * Records `build` under the offline mocks (region-aware, optionally overridden), noting every invoke
 * with its region, the `deleteBeforeReplace` option of every registration, and the errors the run
 * logs or rejects with. Waits at most `settleMs` when a failed look-up leaves registrations pending.
 */
export async function recordAlicloud(build: () => void, override?: Override, settleMs = 1500) {
  const invokes: Invoke[] = [];
  const deleteBeforeReplace = new Map<string, boolean>();
  const errors: string[] = [];
  const failed = failureSignal(errors);
  // As in an offline run: no SDK call-stack capture (see record() in helpers/recording.ts).
  const restoreStacks = disableStackCapture();
  try {
    const calls: MockCalls = (token, inputs, region) => {
      invokes.push({ token, inputs, region });
      return override?.(token, inputs, region) ?? mockCalls(token, inputs, region);
    };
    const records = await installRecorder({ project: "gpu-inference", stack: "test", outputs: mockOutputs, calls });
    const monitor = pulumi.runtime.getMonitor() as Any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: Any, callback: Any) => {
      deleteBeforeReplace.set(req.getName(), req.getDeletebeforereplace());
      return register(req, callback);
    };
    try {
      build();
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    await settleOrStop(records, failed.promise, settleMs);
    return { records, invokes, deleteBeforeReplace, errors };
  } finally {
    failed.dispose();
    restoreStacks();
  }
}

export async function build(options: TargetPlanOptions = {}, extra: Partial<CloudTargetArgs> = {}) {
  let target!: CloudTarget;
  let plan!: TargetPlan;
  const run = await recordAlicloud(() => {
    plan = targetPlan("alicloud", options);
    target = alicloudAdapter.createTarget("main", { ...targetArgs(plan), ...extra }, {});
  });
  expect(run.errors).toEqual([]);
  const { records } = run;
  const component = records.find((r) => r.type === "gpu-inference:alicloud:VmTarget")!;
  expect(component).toBeDefined();
  const byName = (name: string): RecordedResource => {
    const r = records.find((x) => x.name === name);
    if (!r) throw new Error(`no resource ${name}: ${records.map((x) => x.name).join(", ")}`);
    return r;
  };
  return { ...run, plan, target, component, byName };
}

export const ingressRules = (records: RecordedResource[]) => ofType(records, T.rule).filter((r) => r.inputs.type === "ingress");
