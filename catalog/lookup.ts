/**
 * Look-ups over a loaded {@link Catalog}. Names are matched case-insensitively: GPU keys and aliases,
 * model ids and aliases, and instance types, because users type `l40s`, `qwen/qwen2.5-7b-instruct`
 * or `G6E.XLARGE` in specs. Region ids are matched exactly as the cloud's API spells them.
 */
import type { Catalog } from "./load";
import type { Cloud, GpuSpec, ModelShape, Offering, Quantization, Region } from "./schema";

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * Finds a GPU by catalog key or alias, case-insensitively (`h100` → `H100-SXM`, `A100-SXM4-80GB` → `A100-80G`).
 * @returns the GPU spec, or undefined when no key or alias matches.
 */
export function findGpu(catalog: Catalog, name: string): GpuSpec | undefined {
  const n = norm(name);
  return (
    catalog.gpus.find((g) => norm(g.key) === n) ?? catalog.gpus.find((g) => g.aliases.some((a) => norm(a) === n))
  );
}

/**
 * All GPU catalog keys, in catalog order, for "allowed: …" lists in error messages.
 */
export function gpuNames(catalog: Catalog): string[] {
  return catalog.gpus.map((g) => g.key);
}

/**
 * Finds a region of a cloud by its exact id (`cn-hangzhou`, `ap-guangzhou`, `us-east-1`).
 * @returns the region, or undefined when the cloud has no such region in the catalog.
 */
export function findRegion(catalog: Catalog, cloud: Cloud, region: string): Region | undefined {
  return catalog.regions.find((r) => r.cloud === cloud && r.region === region.trim());
}

/**
 * Region ids the catalog knows for a cloud, in catalog order, for "allowed: …" lists.
 */
export function regionNames(catalog: Catalog, cloud: Cloud): string[] {
  return catalog.regions.filter((r) => r.cloud === cloud).map((r) => r.region);
}

/**
 * Finds a model shape by canonical id or alias, case-insensitively. An alias that names a
 * pre-quantized repository (`Qwen/Qwen2.5-7B-Instruct-AWQ`) also returns its quantization.
 * @returns the shape (and the alias's quantization, when it has one), or undefined.
 */
export function findModel(
  catalog: Catalog,
  id: string,
): { shape: ModelShape; quantization?: Quantization } | undefined {
  const n = norm(id);
  const direct = catalog.models.find((m) => norm(m.id) === n);
  if (direct) return { shape: direct };
  for (const shape of catalog.models) {
    const alias = shape.aliases.find((a) => norm(a.id) === n);
    if (alias) return alias.quantization ? { shape, quantization: alias.quantization } : { shape };
  }
  return undefined;
}

/**
 * Finds an instance type of a cloud, case-insensitively (`ecs.gn7i-c8g1.2xlarge`, `PNV4.7XLARGE116`).
 * @returns the offering, or undefined when the catalog does not list it (a spec may still declare it
 * with `gpu` and `gpusPerReplica`).
 */
export function findOffering(catalog: Catalog, cloud: Cloud, instanceType: string): Offering | undefined {
  const n = norm(instanceType);
  return catalog.offerings.find((o) => o.cloud === cloud && norm(o.instanceType) === n);
}

/**
 * Offerings of a cloud whose `regions` include the given region, in catalog order.
 * Includes offerings with restricted availability and GPUs restricted in mainland China; callers filter.
 */
export function offeringsIn(catalog: Catalog, cloud: Cloud, region: string): Offering[] {
  const r = region.trim();
  return catalog.offerings.filter((o) => o.cloud === cloud && o.regions.includes(r));
}
