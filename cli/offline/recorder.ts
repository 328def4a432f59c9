/**
 * Records every resource a Pulumi program registers under runtime mocks: the contract the offline
 * `gpukit plan`, the cost preview and the policy checks consume. Works without the Pulumi CLI,
 * plugins or credentials (see reference/offline-pulumi.md §3).
 */
import * as pulumi from "@pulumi/pulumi";

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
  /** Whether the resource is a custom (cloud) resource rather than a component. */
  custom: boolean;
  /** Mock id assigned to custom resources. */
  id?: string;
  protect: boolean;
  /** Resolved inputs; secrets are shown as `[secret]`. */
  inputs: Record<string, unknown>;
}

/** Outputs returned by the mock for some types so that programs can use them (ARNs, DNS names, ids). */
export type MockOutputs = (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/** A function call (invoke) result for the mock, keyed by token. */
export type MockCalls = (token: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/** Replaces Pulumi secret envelopes by the string `[secret]`, recursively. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return "[secret]";
    if (pulumi.Output.isInstance(value)) return "[output]";
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, maskSecrets(v)]));
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
}

/**
 * Sets Pulumi runtime mocks and wraps the mock monitor so that every registration is recorded.
 * Must run before any resource is constructed. Returns the live list of records.
 */
export async function installRecorder(options: RecorderOptions): Promise<RecordedResource[]> {
  const records: RecordedResource[] = [];
  const outputs = options.outputs ?? (() => ({}));
  const calls = options.calls ?? ((_t, inputs) => inputs);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: args.custom ? `${args.name}-id` : undefined,
        state: { ...args.inputs, ...outputs(args.type, args.name, args.inputs) },
      }),
      call: (args) => calls(args.token, args.inputs),
    },
    options.project,
    options.stack,
    options.preview ?? false,
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const monitor: any = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  monitor.registerResource = (req: any, callback: any) => {
    const record: RecordedResource = {
      type: req.getType(),
      name: req.getName(),
      urn: "",
      parent: req.getParent() || undefined,
      provider: req.getProvider() || undefined,
      custom: req.getCustom(),
      protect: Boolean(req.getProtect?.()),
      inputs: {},
    };
    records.push(record);
    const deserialized = pulumi.runtime.deserializeProperties(req.getObject(), true);
    record.inputs = maskSecrets(deserialized) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return register(req, (err: any, resp: any) => {
      if (resp) {
        record.urn = resp.getUrn();
        record.id = resp.getId() || undefined;
      }
      callback(err, resp);
    });
  };
  return records;
}

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
