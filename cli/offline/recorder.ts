/**
 * Records every resource a Pulumi program registers under runtime mocks: the contract the offline
 * `gpukit plan`, the cost preview and the policy checks consume. Works without the Pulumi CLI,
 * plugins or credentials (see reference/offline-pulumi.md §3).
 */
import * as pulumi from "@pulumi/pulumi";
import { ProviderRegions } from "./regions";

/** A registered resource as the offline run saw it. */
export interface RecordedResource {
  /** Type token, e.g. `aws:ec2/launchTemplate:LaunchTemplate`. */
  type: string;
  /** Logical name. */
  name: string;
  /** URN as the mock monitor assigned it. */
  urn: string;
  /** Parent URN, if any. */
  parent?: string;
  /** Provider reference (`urn::id`) when an explicit provider was passed. */
  provider?: string;
  /**
   * Region the resource lives in: its own `region` input, else its provider's `region` input, else
   * the project's `<pkg>:region` config; for components, the one region all their cloud resources
   * share. Undefined when unknown (no provider, no config) or mixed.
   */
  region?: string;
  /** Whether the resource is a custom (cloud) resource rather than a component. */
  custom: boolean;
  /** Mock id assigned to custom resources. */
  id?: string;
  protect: boolean;
  /** Resolved inputs; secrets are shown as `[secret]`. */
  inputs: Record<string, unknown>;
}

/**
 * Outputs returned by the mock for some types so that programs can use them (ARNs, DNS names, ids).
 * `region` is the resource's region (see {@link RecordedResource.region}), undefined when unknown.
 */
export type MockOutputs = (type: string, name: string, inputs: Record<string, unknown>, region?: string) => Record<string, unknown>;

/** A function call (invoke) result for the mock, keyed by token; `region` as for {@link MockOutputs}. */
export type MockCalls = (token: string, inputs: Record<string, unknown>, region?: string) => Record<string, unknown>;

/** Replaces Pulumi secret envelopes by the string `[secret]`, recursively. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return "[secret]";
    if (pulumi.Output.isInstance(value)) return "[output]";
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) out[key] = maskSecrets(obj[key]);
    return out;
  }
  return value;
}

/** Options of {@link installRecorder}. */
export interface RecorderOptions {
  project: string;
  stack: string;
  /** Run as `pulumi preview` (unknown outputs stay unknown). Defaults to false. */
  preview?: boolean;
  outputs?: MockOutputs;
  calls?: MockCalls;
  /** Where provider regions are tracked; defaults to a new {@link ProviderRegions}. */
  regions?: ProviderRegions;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sets Pulumi runtime mocks and records every registration with its provider and region. Must run
 * before any resource is constructed. Returns the live list of records.
 *
 * The SDK's mock monitor deserializes each request once to call `newResource`; the record is made
 * there from those very inputs (and the request the monitor was handed), so nothing the SDK already
 * decoded is decoded or serialized again. Records keep registration order.
 */
export async function installRecorder(options: RecorderOptions): Promise<RecordedResource[]> {
  const records: RecordedResource[] = [];
  const outputs = options.outputs ?? (() => ({}));
  const calls = options.calls ?? ((_t, inputs) => inputs);
  const regions = options.regions ?? new ProviderRegions();
  let monitor: any;
  /** The request `monitor.registerResource` was called with; `newResource` runs synchronously inside it. */
  let request: any;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const req = request;
        request = undefined;
        const id = args.custom ? args.id || `${args.name}-id` : undefined;
        const record: RecordedResource = {
          type: args.type,
          name: args.name,
          urn: req ? monitor.newUrn(req.getParent(), args.type, args.name) : "",
          parent: req?.getParent() || undefined,
          provider: args.provider || undefined,
          custom: args.custom ?? false,
          id,
          protect: Boolean(req?.getProtect?.()),
          inputs: maskSecrets(args.inputs) as Record<string, unknown>,
        };
        record.region = regions.forResource(record, args.inputs);
        records.push(record);
        return { id, state: { ...args.inputs, ...outputs(args.type, args.name, args.inputs, record.region) } };
      },
      call: (args) => calls(args.token, args.inputs, regions.forCall(args.token, args.provider)),
    },
    options.project,
    options.stack,
    options.preview ?? false,
  );
  monitor = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    request = req;
    return register(req, callback);
  };
  return records;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Waits until the program has stopped registering resources: drains the runtime's RPC chain, then
 * yields to the event loop, until the count is stable. Resources created in `apply` callbacks are
 * caught too, as long as they do not wait on timers.
 */
export async function settle(records: readonly unknown[]): Promise<void> {
  for (let stable = 0; stable < 3; ) {
    const before = records.length;
    await pulumi.runtime.disconnect();
    await new Promise((resolve) => setImmediate(resolve));
    stable = records.length === before ? stable + 1 : 0;
  }
}
