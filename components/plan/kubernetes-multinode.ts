/**
 * Replica shape across nodes: when one node of an offering cannot hold the model, a replica on
 * `runtime: kubernetes` spans `nodesPerReplica` nodes (tensor parallel = the node's GPUs, pipeline
 * parallel = the nodes), run as a LeaderWorkerSet on the engine's own multi-node mode. On `vm` such a
 * plan is refused with a pointer at `runtime: kubernetes`. Pure: no Pulumi.
 */
import type { Catalog, Offering, Region } from "../../catalog";
import { findGpu, findOffering, offeringsIn, priceOf } from "../../catalog";
import { checkCompatibility } from "../engines/compatibility";
import type { ConfigIssue } from "../spec/issues";
import type { TargetSpec } from "../spec/schema";
import { MULTI_NODE_ENGINES } from "./kubernetes-facts";
import { comparablePrice, type Candidate, type Workload } from "./offering";
import { sizeReplica, tensorParallelCandidates } from "./sizing";

/** Most nodes one replica may span. */
export const MAX_NODES_PER_REPLICA = 16;

/** The single-node selection of the planner (the shape `selectOffering` returns). */
export interface SingleNodeSelection {
  candidate?: Candidate;
  userDeclared: boolean;
  alternatives: { instanceType: string; reason: string }[];
  issues: ConfigIssue[];
  warnings: string[];
}

/** The selection with the nodes one replica spans. */
export interface ReplicaShape extends SingleNodeSelection {
  /** Nodes per replica: 1, or more for a LeaderWorkerSet replica. */
  nodesPerReplica: number;
}

/** Inputs of {@link replicaShape}. */
export interface ReplicaShapeInput {
  target: TargetSpec;
  /** Config path of the target, e.g. `targets[0]`. */
  path: string;
  region: Region;
  catalog: Catalog;
  workload: Workload;
  single: SingleNodeSelection;
}

/**
 * Evaluates `offering` with a replica across `nodes` nodes: TP = the node's GPUs (or the spec's
 * `engine.tensorParallel`, which must equal them), PP = `nodes`. Returns the candidate, or why not.
 */
export function evaluateAcrossNodes(offering: Offering, nodes: number, region: Region, workload: Workload, catalog: Catalog): { candidate?: Candidate; reason?: string } {
  const gpu = findGpu(catalog, offering.gpu);
  if (!gpu) return { reason: `unknown GPU ${offering.gpu}` };
  if (!MULTI_NODE_ENGINES.has(workload.engine)) return { reason: `${workload.engine} has no multi-node mode the kit drives (vllm, sglang)` };
  if (region.residency === "cn" && gpu.restrictedInMainlandChina) return { reason: `${gpu.key} is export-controlled and not sold in mainland China` };
  const problems = checkCompatibility({ engine: workload.engine, quantization: workload.quantization, kvCacheDtype: workload.kvCacheDtype, gpu }, catalog.gpus);
  if (problems.length) return { reason: problems.map((p) => p.message).join("; ") };
  const tp = workload.tensorParallel === "auto" ? offering.gpuCount : workload.tensorParallel;
  if (tp !== offering.gpuCount) return { reason: `engine.tensorParallel ${tp} must equal the ${offering.gpuCount} GPUs of a ${offering.instanceType} node when a replica spans nodes` };
  if (!tensorParallelCandidates(workload.model.shape.attentionHeads, workload.model.shape.kvHeads, offering.gpuCount).includes(tp)) {
    return { reason: `tensor parallel ${tp} does not divide the attention/KV heads of ${workload.model.id}` };
  }
  const sizing = sizeReplica({
    shape: workload.model.shape,
    quantization: workload.quantization,
    kvCacheDtype: workload.kvCacheDtype,
    maxContextTokens: workload.maxContextTokens,
    maxConcurrentRequests: workload.maxConcurrentRequests,
    gpus: tp * nodes,
    gpuMemoryGb: offering.gpuMemoryGb,
    gpuMemoryUtilization: workload.gpuMemoryUtilization,
    memoryBandwidthGBs: gpu.memoryBandwidthGBs,
  });
  if (!sizing.fits) return { reason: `does not fit on ${nodes} × ${offering.instanceType}: needs ${sizing.memory.requiredGb} GB, ${sizing.memory.availableGb} GB usable` };
  const price = priceOf(catalog, offering, region.region);
  return { candidate: { offering, gpu, tensorParallel: tp, dataParallel: 1, sizing, price } };
}

/** Offerings a multi-node replica may use: the pinned instance type, else the region's offerings of the pinned GPU (or all). */
function multiNodePool(input: ReplicaShapeInput): Offering[] {
  const { target, catalog, region } = input;
  if (target.instanceType) {
    const known = findOffering(catalog, target.cloud, target.instanceType);
    return known ? [known] : [];
  }
  const gpu = target.gpu && target.gpu !== "auto" ? target.gpu : undefined;
  return offeringsIn(catalog, target.cloud, region.region).filter(
    (o) => (gpu === undefined || o.gpu === gpu) && (target.gpusPerReplica === undefined || o.gpuCount === target.gpusPerReplica) && o.gpuCount > 1,
  );
}

/** The cheapest (USD-equivalent, × nodes) multi-node candidate with the fewest nodes that fit; `nodes` fixes the count. */
export function chooseAcrossNodes(input: ReplicaShapeInput, nodes?: number): { candidate?: Candidate; nodes: number; reasons: string[] } {
  const reasons: string[] = [];
  let best: { candidate: Candidate; nodes: number; cost: number | null } | undefined;
  for (const offering of multiNodePool(input)) {
    const counts = nodes ? [nodes] : Array.from({ length: MAX_NODES_PER_REPLICA - 1 }, (_, i) => i + 2);
    for (const n of counts) {
      const { candidate, reason } = evaluateAcrossNodes(offering, n, input.region, input.workload, input.catalog);
      if (!candidate) {
        if (n === counts[counts.length - 1] || !reason?.startsWith("does not fit")) reasons.push(`${offering.instanceType}: ${reason}`);
        if (!reason?.startsWith("does not fit")) break;
        continue;
      }
      const unit = comparablePrice(candidate, input.catalog);
      const cost = unit === null ? null : unit * n;
      const better =
        !best ||
        (cost !== null && (best.cost === null || cost < best.cost - 1e-9)) ||
        (cost === best.cost && n * offering.gpuCount < best.nodes * best.candidate.offering.gpuCount);
      if (better) best = { candidate, nodes: n, cost };
      break;
    }
  }
  return best ? { candidate: best.candidate, nodes: best.nodes, reasons } : { nodes: 0, reasons };
}

/**
 * Decides the nodes per replica. `kubernetes.nodesPerReplica` pins it; with `auto` a replica stays on
 * one node when the single-node selection found one, and spans the fewest nodes that fit otherwise —
 * on `runtime: kubernetes` only: a `vm` target gets an issue pointing at `runtime: kubernetes`.
 */
export function replicaShape(input: ReplicaShapeInput): ReplicaShape {
  const { target, path, single } = input;
  const requested = target.kubernetes?.nodesPerReplica ?? "auto";
  const issues: ConfigIssue[] = [];
  if (target.kubernetes && target.runtime !== "kubernetes") {
    issues.push({ path: `${path}.kubernetes`, message: "kubernetes settings apply only to runtime: kubernetes; set runtime: kubernetes or remove them", given: '"vm"', allowed: ["kubernetes"] });
  }
  const wantsMany = typeof requested === "number" && requested > 1;
  if (!wantsMany && single.candidate) return { ...single, issues: [...single.issues, ...issues], nodesPerReplica: 1 };
  if (requested === 1) return { ...single, issues: [...single.issues, ...issues], nodesPerReplica: 1 };

  const across = chooseAcrossNodes(input, wantsMany ? requested : undefined);
  if (!across.candidate) {
    if (wantsMany) {
      issues.push({ path: `${path}.kubernetes.nodesPerReplica`, message: `no offering can serve one replica across ${requested} nodes: ${across.reasons.slice(0, 4).join("; ") || "no multi-GPU offering matches the target"}` });
      return { userDeclared: false, alternatives: [], issues, warnings: [], nodesPerReplica: requested };
    }
    return { ...single, issues: [...single.issues, ...issues], nodesPerReplica: 1 };
  }
  const { candidate, nodes } = across;
  const summary = `${input.workload.model.id} needs ${candidate.sizing.memory.requiredGb} GB: one replica spans ${nodes} × ${candidate.offering.instanceType} (${nodes * candidate.offering.gpuCount} × ${candidate.gpu.key}, tensor parallel ${candidate.tensorParallel} × pipeline parallel ${nodes})`;
  if (target.runtime !== "kubernetes") {
    issues.push({
      path: `${path}.runtime`,
      message: `${summary}; a replica larger than one node runs only on runtime: kubernetes (LeaderWorkerSet), set runtime: kubernetes`,
      given: '"vm"',
      allowed: ["kubernetes"],
    });
    return { ...single, candidate: undefined, issues: [...single.issues, ...issues], nodesPerReplica: nodes };
  }
  if (issues.length) return { userDeclared: false, alternatives: [], issues, warnings: [], nodesPerReplica: nodes };
  return { candidate, userDeclared: false, alternatives: single.alternatives, issues: [], warnings: [summary], nodesPerReplica: nodes };
}
