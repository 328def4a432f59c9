/**
 * Export control as an advisory, availability as catalog data. A GPU is plannable in a region when
 * the catalog lists an offering of it there (clouds rent pre-rule A100 stock in mainland regions);
 * its dated US export-control status (`gpus.json` `exportControl`) is shown in the plan, never used
 * to refuse. When a pinned GPU has no offering in a region, the alternatives are the region's own
 * offerings that fit, best objective first.
 */
import type { Catalog, ExportControl, GpuSpec, Region } from "../../catalog";
import { offeringsIn } from "../../catalog";
import { evaluateOffering, rankCandidates, rankingOf, type Candidate, type Workload } from "./offering";

/** The export-control record of a plan's GPU, with the advisory sentence (null outside mainland China or when unrestricted). */
export interface ExportControlPlan extends ExportControl {
  gpu: string;
  /** Sentence for the plan warnings; null when nothing needs saying. */
  advisory: string | null;
}

/** The GPU's record and, in a mainland-China region for a restricted status, an advisory sentence. */
export function exportControlPlan(gpu: GpuSpec, region: Region): ExportControlPlan | undefined {
  const ec = gpu.exportControl;
  if (!ec) return undefined;
  const restricted = ec.status !== "unrestricted";
  const advisory =
    region.residency === "cn" && restricted
      ? `export control (advisory): new supply of ${gpu.key} to China is ${ec.status}${ec.since ? ` since ${ec.since}` : ""} (source: ${ec.source}); ${region.region} capacity is stock the cloud already holds and may be scarce — the catalog lists the offering, so it is planned`
      : null;
  return { gpu: gpu.key, ...ec, advisory };
}

/**
 * The region's offerings that can serve the workload, best first, one per GPU model: e.g. for a
 * pinned H100 in cn-hangzhou, `ecs.gn8v-2x.8xlarge (H20 ×2)`, `ecs.gn8is-4x.16xlarge (L20 ×4)`.
 */
export function regionAlternatives(workload: Workload, region: Region, catalog: Catalog): Candidate[] {
  const feasible = offeringsIn(catalog, region.cloud, region.region)
    .map((o) => evaluateOffering(o, region, workload, catalog))
    .filter((c) => !c.rejected);
  const seen = new Set<string>();
  return rankCandidates(feasible, catalog, rankingOf(workload)).filter((c) => (seen.has(c.gpu.key) ? false : (seen.add(c.gpu.key), true)));
}

/** `ecs.gn8v-2x.8xlarge (H20 ×2), …` for an error message. */
export function describeAlternatives(alternatives: readonly Candidate[]): string {
  if (!alternatives.length) return "none of the region's offerings fits this model at this context and load";
  return alternatives.map((a) => `${a.offering.instanceType} (${a.gpu.key} ×${a.offering.gpuCount})`).join(", ");
}
