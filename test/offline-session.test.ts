/** One offline run per process, shared by every reader (plan, cost, check). */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as session from "../cli/offline/session";
import { freshProgram } from "./helpers/program";

describe("offline session", () => {
  it("runs the program once per stack and process; refuses a second stack; retries after invalid input", async () => {
    // This worker may have run another stack before: start from a process that ran none.
    session.resetOfflineSession();
    let loads = 0;
    const loadProgram = async () => {
      loads++;
      return freshProgram();
    };
    const missing = session.offlineRun({ stack: "no-such-stack", loadProgram });
    await expect(missing).rejects.toThrow(/Stack file not found/);
    expect(session.hasOfflineRun()).toBe(false);

    const first = session.offlineRun({ stack: "dev", loadProgram });
    const again = session.offlineRun({ stackFile: path.join(__dirname, "..", "stacks", "Pulumi.dev.yaml"), loadProgram });
    expect(again).toBe(first);
    const result = await first;
    expect(result.stack).toBe("dev");
    expect(result.resources.length).toBeGreaterThan(5);
    expect(loads).toBe(1);
    expect(() => session.offlineRun({ stack: "prod", loadProgram })).toThrow(/already ran stack "dev"/);
    session.resetOfflineSession();
  });
});
