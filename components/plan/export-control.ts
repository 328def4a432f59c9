/**
 * Export-control awareness: which GPUs a mainland-China target may use, and the China-market
 * alternatives (A800, H800, H20, L20, …) that would fit a model when a spec pins a restricted one.
 */
import type { Catalog, GpuSpec } from "../../catalog";
import { sizeReplica } from "./sizing";
import type { Workload } from "./offering";

/** A China-market GPU with the smallest GPU count (power of two, ≤ 8) that fits the workload. */
export interface ChinaAlternative {
  gpu: GpuSpec;
  count: number;
}

/**
 * China-market GPUs that fit the workload, fewest GPUs first, then by memory: e.g. `H20 ×1`,
 * `A800 ×1`, `L20 ×2`. Sizes with the same rules as the planner (tensor parallel over `count`).
 */
export function chinaMarketAlternatives(workload: Workload, catalog: Catalog): ChinaAlternative[] {
  const out: ChinaAlternative[] = [];
  for (const gpu of catalog.gpus.filter((g) => g.chinaMarketVariant)) {
    for (let count = 1; count <= 8; count *= 2) {
      const fits = sizeReplica({
        shape: workload.model.shape,
        quantization: workload.quantization,
        kvCacheDtype: workload.kvCacheDtype,
        maxContextTokens: workload.maxContextTokens,
        maxConcurrentRequests: workload.maxConcurrentRequests,
        gpus: count,
        gpuMemoryGb: gpu.memoryGb,
        gpuMemoryUtilization: workload.gpuMemoryUtilization,
        memoryBandwidthGBs: gpu.memoryBandwidthGBs,
      }).fits;
      if (fits) {
        out.push({ gpu, count });
        break;
      }
    }
  }
  return out.sort((a, b) => a.count - b.count || b.gpu.memoryGb - a.gpu.memoryGb);
}

/** `H20 ×1 (96 GB), A800 ×1 (80 GB), L20 ×2 (48 GB)` for an error message. */
export function describeAlternatives(alternatives: readonly ChinaAlternative[]): string {
  if (!alternatives.length) return "none of the China-market GPUs fits this model at this context and concurrency";
  return alternatives.map((a) => `${a.gpu.key} ×${a.count} (${a.gpu.memoryGb} GB each)`).join(", ");
}
