/**
 * The fleet bench's SDK floor (bench/sdk-replay.js) must replay exactly what was recorded: same
 * resources, each provider resource through its SDK class, and it must fail loudly — not measure
 * something else — when the recording cannot be replayed as is.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const REPLAY = path.join(ROOT, "bench", "sdk-replay.js");
const PROD = path.join(__dirname, "golden", "plan-prod.json");

interface Recorded {
  resources: { urn: string; parent: string | null; provider: string | null }[];
}

/** Runs the replay on `file`: exit code, stdout and stderr. */
async function replay(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [REPLAY, file], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Writes a tampered copy of the prod recording and returns its path. */
function tampered(name: string, change: (recorded: Recorded) => void): string {
  const recorded = JSON.parse(fs.readFileSync(PROD, "utf8")) as Recorded;
  change(recorded);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gpukit-replay-")), name);
  fs.writeFileSync(file, JSON.stringify(recorded));
  return file;
}

describe("bench/sdk-replay.js", () => {
  it("replays the prod recording: 65 resources, the 22 Alibaba Cloud ones through @pulumi/alicloud classes; a reordered or altered recording fails", async () => {
    const reversed = tampered("reversed.json", (r) => r.resources.reverse());
    // A leaf whose recorded URN names another parent type: the SDK derives a different URN.
    const renamed = tampered("renamed.json", (r) => {
      const referenced = new Set(r.resources.flatMap((x) => [x.parent, x.provider?.slice(0, x.provider.lastIndexOf("::"))]));
      const child = r.resources.find((x) => x.parent !== null && !referenced.has(x.urn));
      if (!child) throw new Error("prod recording has no leaf resource");
      child.urn = child.urn.replace("::gpu-inference::", "::gpu-inference::gpu-inference:index:Other$");
    });
    const [ok, outOfOrder, differs] = await Promise.all([replay(PROD), replay(reversed), replay(renamed)]);

    expect(ok.code, ok.stderr).toBe(0);
    const printed = JSON.parse(ok.stdout) as { resources: number; viaSdkClasses: number; registerMs: number };
    // prod: 4 components, 3 providers, 17 Tencent Cloud, 19 Volcano Engine and 22 Alibaba Cloud resources.
    expect(printed).toMatchObject({ resources: 65, viaSdkClasses: 22 });
    expect(printed.registerMs).toBeGreaterThan(0);

    expect(outOfOrder.code).toBe(1);
    expect(outOfOrder.stderr).toMatch(/is referenced before it is registered/);
    expect(differs.code).toBe(1);
    expect(differs.stderr).toMatch(/1 replayed URN\(s\) differ from the recording/);
  });
});
