/**
 * Test helpers around the offline recorder: run a function that registers resources under mocks
 * and get the records back, with outputs the adapters read (ARNs, DNS names) filled in.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockCalls, mockOutputs } from "../../cli/offline/mocks";
import { installRecorder, settle, type RecordedResource } from "../../cli/offline/recorder";
import { resolveComponentRegions } from "../../cli/offline/regions";
import { disableStackCapture } from "../../cli/offline/stack-capture";

/** The offline run's mock outputs and invoke results, shared with the CLI. */
export const defaultMockOutputs = mockOutputs;
/** See {@link defaultMockOutputs}. */
export const defaultMockCalls = mockCalls;

/**
 * Default-provider regions of the test project (`<pkg>:region` config): the regions of the shared
 * target fixtures, used only by resources and invokes without an explicit provider.
 */
export const DEFAULT_TEST_REGIONS: Readonly<Record<string, string>> = { "aws:region": "us-east-1", "alicloud:region": "cn-hangzhou" };

/**
 * Runs `build` under recording mocks and returns every registered resource once settled. Like an
 * offline run, without the SDK's call-stack capture (cli/offline/stack-capture.ts): under vitest's
 * source maps each captured stack is mapped back, which made a 35-resource target take ~0.35 s.
 */
export async function record(
  build: () => void | Promise<void>,
  options: { stack?: string; project?: string; preview?: boolean; config?: Record<string, string> } = {},
): Promise<RecordedResource[]> {
  const restoreStacks = disableStackCapture();
  try {
    const records = await installRecorder({
      project: options.project ?? "gpu-inference",
      stack: options.stack ?? "test",
      preview: options.preview ?? false,
      outputs: defaultMockOutputs,
      calls: defaultMockCalls,
    });
    for (const [key, value] of Object.entries(options.config ?? DEFAULT_TEST_REGIONS)) pulumi.runtime.setConfig(key, value);
    await build();
    await settle(records);
    return resolveComponentRegions(records);
  } finally {
    restoreStacks();
  }
}

/** Records of one type. */
export function ofType(records: readonly RecordedResource[], type: string): RecordedResource[] {
  return records.filter((r) => r.type === type);
}
