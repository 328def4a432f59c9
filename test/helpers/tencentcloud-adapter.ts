/** Shared set-up of the tencentcloud-adapter tests (split from tencentcloud-adapter.test.ts). */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../cli/offline/recorder";
import type { CloudTarget } from "../../components/adapter";
import { tencentcloudAdapter } from "../../components/tencentcloud";
import { capturePluginRequests, chinaTargetArgs, type PlanVariant, type PluginRequest } from "../fixtures/china-target-plan";
import { record } from "./recording";

export const T = {
  instance: "tencentcloud:Instance/instance:Instance",
  ruleSet: "tencentcloud:Security/groupRuleSet:GroupRuleSet",
  group: "tencentcloud:Security/group:Group",
  clb: "tencentcloud:Clb/instance:Instance",
  listener: "tencentcloud:Clb/listener:Listener",
  attachment: "tencentcloud:Clb/attachment:Attachment",
  scalingConfig: "tencentcloud:As/scalingConfig:ScalingConfig",
  scalingGroup: "tencentcloud:As/scalingGroup:ScalingGroup",
  vpc: "tencentcloud:Vpc/instance:Instance",
  subnet: "tencentcloud:Subnet/instance:Instance",
  eip: "tencentcloud:Eip/instance:Instance",
  nat: "tencentcloud:Nat/gateway:Gateway",
  routeTable: "tencentcloud:Route/table:Table",
  routeEntry: "tencentcloud:Route/tableEntry:TableEntry",
};

/** Cloud-side name prefix of the fixture (`<stack>-<target>`). */
export const PHYSICAL = "test-tencentcloud-main";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const valueOf = <V>(output: pulumi.Output<V>): Promise<V> => (output as any).promise();

export interface Built {
  records: RecordedResource[];
  requests: PluginRequest[];
  /** Names each registration depends on (`dependsOn` and input dependencies), by resource name. */
  dependencies: Map<string, string[]>;
  target: CloudTarget;
}

/** Records every registration's dependency URNs (as resource names) on the mocked monitor. */
export function captureDependencies(): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const monitor: any = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  monitor.registerResource = (req: any, callback: any) => {
    deps.set(req.getName(), (req.getDependenciesList() as string[]).map((urn) => urn.split("::").at(-1)!));
    return register(req, callback);
  };
  return deps;
}

export async function build(
  variant: Omit<PlanVariant, "cloud"> = {},
  extra: (args: ReturnType<typeof chinaTargetArgs>) => void = () => {},
  config?: Record<string, string>,
): Promise<Built> {
  let requests: PluginRequest[] = [];
  let dependencies = new Map<string, string[]>();
  let target!: CloudTarget;
  const records = await record(() => {
    if (config) pulumi.runtime.setAllConfig(config, Object.keys(config).filter((k) => k.endsWith("secretKey")));
    requests = capturePluginRequests();
    dependencies = captureDependencies();
    const args = chinaTargetArgs({ cloud: "tencentcloud", ...variant });
    extra(args);
    target = tencentcloudAdapter.createTarget("tc", args, {});
  });
  return { records, requests, dependencies, target };
}

export const byName = (records: RecordedResource[], name: string) => {
  const found = records.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}: ${records.map((r) => r.name).join(", ")}`);
  return found;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Rule = Record<string, any>;

