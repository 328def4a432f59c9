/**
 * The bench's fleet stacks must stay plannable: if a new validation rule refuses them, the fleet
 * bench (`npm run bench`) would fail to measure anything. The plan is pure, so this stays fast.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { fleetStackDocument } from "../bench/fleet-stacks";

const catalog = loadCatalog();

describe("bench fleet stacks", () => {
  it("a 10-target fleet (one full round of placements) validates and plans every target", () => {
    const spec = fleetStackDocument(10).config["gpu-inference:deployment"] as DeploymentSpecInput;
    const plan = planDeployment(parseDeploymentSpec(spec, catalog), "fleet10", catalog);
    expect(plan.targets).toHaveLength(10);
    // Mainland targets pull from an in-cloud mirror (Docker Hub is not reachable there).
    const mirrored = plan.targets.filter((t) => Boolean(t.registryMirror));
    expect(mirrored.map((t) => t.name)).toEqual(["t2-ali-cn-hangzhou", "t6-vol-cn-beijing", "t7-ali-cn-shanghai", "t8-ten-ap-guangzhou"]);
  });

  it("100 targets, the most a stack takes, still validate", () => {
    const spec = fleetStackDocument(100).config["gpu-inference:deployment"] as DeploymentSpecInput;
    expect(parseDeploymentSpec(spec, catalog).targets).toHaveLength(100);
  });
});
