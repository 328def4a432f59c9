/**
 * Offering selection of one target: a pinned instance type (catalog or declared by the spec), a
 * pinned GPU, or `gpu: auto` ranked by the planner's objective, with the alternatives and why each
 * lost; and the plain offering and performance fields of the chosen candidate.
 */
import type { Offering, Region } from "../../catalog";
import { findGpu, findOffering, offeringsIn } from "../../catalog";
import { checkCompatibility } from "../engines/compatibility";
import { closest, type ConfigIssue } from "../spec/issues";
import type { TargetSpec } from "../spec/schema";
import { describeAlternatives, regionAlternatives } from "./export-control";
import { evaluateOffering, lossReason, rankCandidates, rankingOf, type Candidate } from "./offering";
import type { PlanContext } from "./target";
import type { OfferingPlan, TargetPlan } from "./types";

/** Alternatives recorded per target (for `gpu: auto` and named GPUs). */
const MAX_ALTERNATIVES = 5;

/** The chosen candidate of a target, or the issues that prevent one. */
export interface Selection {
  candidate?: Candidate;
  userDeclared: boolean;
  alternatives: { instanceType: string; reason: string }[];
  issues: ConfigIssue[];
  warnings: string[];
}

export function selectOffering(target: TargetSpec, path: string, region: Region, ctx: PlanContext): Selection {
  const none = (issues: ConfigIssue[]): Selection => ({ userDeclared: false, alternatives: [], issues, warnings: [] });
  const { catalog, workload } = ctx;
  const inRegion = offeringsIn(catalog, target.cloud, region.region).filter(
    (o) => target.gpusPerReplica === undefined || o.gpuCount === target.gpusPerReplica,
  );
  const gpuName = target.gpu && target.gpu !== "auto" ? target.gpu : undefined;
  const gpu = gpuName ? findGpu(catalog, gpuName) : undefined;

  // A pinned GPU: engine/quantization compatibility comes first, with its own paths. Export control is advisory only.
  if (gpu) {
    const issues: ConfigIssue[] = [];
    for (const problem of checkCompatibility(
      { engine: workload.engine, quantization: workload.quantization, kvCacheDtype: workload.kvCacheDtype, gpu, moe: Boolean(workload.model.shape.moe) },
      catalog.gpus,
    )) {
      issues.push({ path: problem.field === "gpu" ? `${path}.gpu` : problem.field, message: problem.message });
    }
    if (issues.length) return none(issues);
  }

  if (target.instanceType) {
    const known = findOffering(catalog, target.cloud, target.instanceType);
    let offering: Offering | undefined = known;
    const warnings: string[] = [];
    if (!known) {
      if (!gpu || !target.gpusPerReplica) {
        const types = offeringsIn(catalog, target.cloud, region.region).map((o) => o.instanceType);
        return none([
          {
            path: `${path}.instanceType`,
            message: `${target.instanceType} is not in the ${target.cloud} catalog; use a listed type, or declare it with gpu and gpusPerReplica`,
            given: JSON.stringify(target.instanceType),
            allowed: types,
            didYouMean: closest(target.instanceType, types),
          },
        ]);
      }
      offering = declaredOffering(target, gpu.key, gpu.memoryGb, region.region);
      warnings.push(`${target.instanceType} is declared by the spec (${target.gpusPerReplica} × ${gpu.key}), not in the catalog: it is priced only from placeholder estimates where they exist; verify the type with the cloud's instance-type look-up`);
    } else {
      if (gpu && known.gpu !== gpu.key) {
        return none([{ path: `${path}.gpu`, message: `${known.instanceType} has ${known.gpu} GPUs, not ${gpu.key}`, given: JSON.stringify(target.gpu), allowed: [known.gpu, "auto"] }]);
      }
      if (!known.regions.includes(region.region)) {
        warnings.push(`${known.instanceType} is not listed for ${region.region} in the catalog (listed: ${known.regions.join(", ")}); verify availability`);
      }
    }
    const candidate = evaluateOffering(offering!, region, workload, catalog);
    if (candidate.rejected) {
      return none([{ path: `${path}.instanceType`, message: `${offering!.instanceType} cannot serve ${workload.model.id}: ${candidate.rejected}`, given: JSON.stringify(target.instanceType) }]);
    }
    return { candidate, userDeclared: !known, alternatives: [], issues: [], warnings };
  }

  const pool = gpu ? inRegion.filter((o) => o.gpu === gpu.key) : inRegion;
  if (!pool.length) {
    const offered = [...new Set(inRegion.map((o) => o.gpu))];
    return none([
      {
        path: `${path}.${gpu ? "gpu" : "region"}`,
        message: gpu
          ? `no ${gpu.key} offering${target.gpusPerReplica ? ` with ${target.gpusPerReplica} GPUs` : ""} exists in ${target.cloud} ${region.region} in the catalog${region.residency === "cn" && gpu.exportControl && gpu.exportControl.status !== "unrestricted" ? ` (export control: ${gpu.exportControl.status}${gpu.exportControl.since ? ` since ${gpu.exportControl.since}` : ""})` : ""}; offerings there that fit ${workload.model.id}: ${describeAlternatives(regionAlternatives(workload, region, catalog))}`
          : `no GPU offering${target.gpusPerReplica ? ` with ${target.gpusPerReplica} GPUs` : ""} in ${target.cloud} ${region.region} in the catalog`,
        given: JSON.stringify(gpu ? target.gpu : target.region),
        allowed: offered.length ? offered : undefined,
      },
    ]);
  }
  const evaluated = pool.map((o) => evaluateOffering(o, region, workload, catalog));
  const rankBy = rankingOf(workload);
  const ranked = rankCandidates(evaluated.filter((c) => !c.rejected), catalog, rankBy);
  const winner = ranked[0];
  if (!winner) {
    const reasons = evaluated.map((c) => `${c.offering.instanceType}: ${c.rejected}`);
    return none([
      {
        path: `${path}.${gpu ? "gpu" : "region"}`,
        message: `no ${gpu ? gpu.key + " " : ""}offering in ${region.region} can serve ${workload.model.id} at ${workload.maxContextTokens} tokens × ${workload.maxConcurrentRequests} concurrent requests — ${reasons.slice(0, 6).join("; ")}; try a smaller quantization, fewer concurrent requests, a shorter context, or more GPUs`,
      },
    ]);
  }
  const losers = [...ranked.slice(1), ...evaluated.filter((c) => c.rejected)];
  return {
    candidate: winner,
    userDeclared: false,
    alternatives: losers.slice(0, MAX_ALTERNATIVES).map((c) => ({ instanceType: c.offering.instanceType, reason: lossReason(c, winner, catalog, rankBy) })),
    issues: [],
    warnings: winner.price.status === "unknown" ? [`price of ${winner.offering.instanceType} in ${region.region} is unknown: chosen by GPU count and headroom, not by price`] : [],
  };
}

/** The plan's performance fields from a candidate's model (rounded for reading; decisions used the unrounded values). */
export function performanceFields(perf: NonNullable<Candidate["performance"]>, dataParallel: number, instances: number): Pick<TargetPlan, "performance" | "replicasForLoad" | "monthlyCostForLoad" | "costPerMillionTokens" | "loadHeadroomPct"> {
  const r = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    performance: {
      concurrency: perf.point.concurrency,
      ttftMs: r(perf.point.ttftMs, 1),
      tpotMs: r(perf.point.tpotMs, 2),
      outputTokensPerSecond: r(perf.point.outputTokensPerSecond * dataParallel * instances, 1),
      requestsPerSecond: r(perf.point.requestsPerSecond * dataParallel * instances, 3),
      perInstanceOutputTokensPerSecond: r(perf.point.outputTokensPerSecond * dataParallel, 1),
    },
    replicasForLoad: perf.instancesForLoad,
    monthlyCostForLoad: perf.monthlyCostForLoad === null ? null : r(perf.monthlyCostForLoad),
    costPerMillionTokens: perf.costPerMillionTokens === null ? null : r(perf.costPerMillionTokens, 4),
    loadHeadroomPct: perf.headroomPct === null ? null : r(perf.headroomPct, 1),
  };
}

function declaredOffering(target: TargetSpec, gpuKey: string, gpuMemoryGb: number, region: string): Offering {
  return {
    cloud: target.cloud,
    instanceType: target.instanceType!,
    family: target.instanceType!.split(".").slice(0, -1).join(".") || target.instanceType!,
    gpu: gpuKey,
    gpuModelStatus: "unverified",
    gpuCount: target.gpusPerReplica!,
    gpuMemoryGb,
    vcpu: null,
    memoryGib: null,
    nvswitch: target.gpusPerReplica === 8 && ["A100-80G", "A100-40G", "A800", "H100-SXM", "H800", "H20", "H200"].includes(gpuKey),
    regions: [region],
    prices: [],
    specSource: "spec",
    restrictedAvailability: false,
    notes: "declared in the spec",
  };
}

export function offeringPlan(candidate: Candidate, userDeclared: boolean): OfferingPlan {
  const { offering, gpu, price } = candidate;
  return {
    instanceType: offering.instanceType,
    family: offering.family,
    gpu: { model: gpu.key, count: offering.gpuCount, memoryGb: offering.gpuMemoryGb, computeCapability: gpu.computeCapability, memoryBandwidthGBs: gpu.memoryBandwidthGBs },
    vcpu: offering.vcpu,
    memoryGib: offering.memoryGib,
    nvswitch: offering.nvswitch,
    userDeclared,
    price: { ...price },
  };
}
