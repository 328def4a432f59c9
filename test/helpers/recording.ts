/**
 * Test helpers around the offline recorder: run a function that registers resources under mocks
 * and get the records back, with outputs the adapters read (ARNs, DNS names) filled in.
 */
import { mockCalls, mockOutputs } from "../../cli/offline/mocks";
import { installRecorder, settle, type RecordedResource } from "../../cli/offline/recorder";

/** The offline run's mock outputs and invoke results, shared with the CLI. */
export const defaultMockOutputs = mockOutputs;
/** See {@link defaultMockOutputs}. */
export const defaultMockCalls = mockCalls;

/** Runs `build` under recording mocks and returns every registered resource once settled. */
export async function record(
  build: () => void | Promise<void>,
  options: { stack?: string; project?: string; preview?: boolean } = {},
): Promise<RecordedResource[]> {
  const records = await installRecorder({
    project: options.project ?? "gpu-inference",
    stack: options.stack ?? "test",
    preview: options.preview ?? false,
    outputs: defaultMockOutputs,
    calls: defaultMockCalls,
  });
  await build();
  await settle(records);
  return records;
}

/** Records of one type. */
export function ofType(records: readonly RecordedResource[], type: string): RecordedResource[] {
  return records.filter((r) => r.type === type);
}
