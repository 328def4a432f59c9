/**
 * `gpukit catalog`: what the kit knows, with how well it knows it — GPU offerings per cloud and
 * region with GPU model (and whether the cloud names it), size, hourly price, price status, source
 * and date; the GPU specs; the model shapes. Offline: reads only the catalog.
 */
import Table from "cli-table3";
import type { Catalog, Cloud, Offering, ResolvedPrice } from "../../catalog";
import { CLOUDS, findGpu, loadCatalog, priceOf, regionNames } from "../../catalog";
import { closest } from "../../components/spec/issues";
import { EXIT, EXIT_CODES_HELP, UsageError, examplesHelp, stringValue, type CliCommand } from "../command";

/** What `gpukit catalog` lists. */
export const CATALOG_VIEWS = ["offerings", "gpus", "models", "regions"] as const;
/** Output formats of `gpukit catalog`. */
export const CATALOG_FORMATS = ["table", "json"] as const;

/** Filters of the offerings view. */
export interface OfferingFilter {
  cloud?: Cloud;
  region?: string;
  /** GPU catalog key or alias. */
  gpu?: string;
}

/** One offering in one region with its resolved price. */
export interface OfferingRow {
  cloud: Cloud;
  region: string;
  instanceType: string;
  gpu: string;
  gpuModelStatus: string;
  gpuCount: number;
  gpuMemoryGb: number;
  vcpu: number | null;
  memoryGib: number | null;
  restrictedAvailability: boolean;
  /** Mainland-China region and the GPU's export-control status is not `unrestricted` (advisory: the planner still plans it, the offering exists). */
  exportControlledHere: boolean;
  /** The GPU's dated export-control record (gpus.json), or null. */
  exportControl: import("../../catalog").ExportControl | null;
  price: ResolvedPrice;
}

/** Every (offering, region) pair matching the filter, by cloud, region and GPUs. Throws UsageError for unknown filter values. */
export function offeringRows(catalog: Catalog, filter: OfferingFilter): OfferingRow[] {
  const problems: string[] = [];
  if (filter.region && filter.cloud && !regionNames(catalog, filter.cloud).includes(filter.region)) {
    const allowed = regionNames(catalog, filter.cloud);
    const hint = closest(filter.region, allowed);
    problems.push(`--region ${filter.region} is not a ${filter.cloud} region (allowed: ${allowed.join(", ")}${hint ? `; did you mean "${hint}"?` : ""})`);
  }
  const gpu = filter.gpu ? findGpu(catalog, filter.gpu) : undefined;
  if (filter.gpu && !gpu) {
    const keys = catalog.gpus.map((g) => g.key);
    const hint = closest(filter.gpu, keys);
    problems.push(`--gpu ${filter.gpu} is not a catalog GPU (allowed: ${keys.join(", ")}${hint ? `; did you mean "${hint}"?` : ""})`);
  }
  if (problems.length) throw new UsageError(problems.join("\n"));
  const rows: OfferingRow[] = [];
  for (const o of catalog.offerings) {
    if (filter.cloud && o.cloud !== filter.cloud) continue;
    if (gpu && o.gpu !== gpu.key) continue;
    for (const region of o.regions) {
      if (filter.region && region !== filter.region) continue;
      rows.push(row(catalog, o, region));
    }
  }
  return rows.sort((a, b) => a.cloud.localeCompare(b.cloud) || a.region.localeCompare(b.region) || a.gpu.localeCompare(b.gpu) || a.gpuCount - b.gpuCount);
}

function row(catalog: Catalog, o: Offering, region: string): OfferingRow {
  const residency = catalog.regions.find((r) => r.cloud === o.cloud && r.region === region)?.residency;
  return {
    cloud: o.cloud,
    region,
    instanceType: o.instanceType,
    gpu: o.gpu,
    gpuModelStatus: o.gpuModelStatus,
    gpuCount: o.gpuCount,
    gpuMemoryGb: o.gpuMemoryGb,
    vcpu: o.vcpu,
    memoryGib: o.memoryGib,
    restrictedAvailability: o.restrictedAvailability,
    // Advisory: the GPU's dated US export-control status where it is not unrestricted, in mainland regions (the offering is listed, so it is available).
    exportControlledHere: residency === "cn" && (findGpu(catalog, o.gpu)?.exportControl?.status ?? "unrestricted") !== "unrestricted",
    exportControl: findGpu(catalog, o.gpu)?.exportControl ?? null,
    price: priceOf(catalog, o, region),
  };
}

function renderOfferings(rows: OfferingRow[]): string {
  const table = new Table({ head: ["cloud / region", "instance type", "GPUs", "vCPU / GiB", "price /h", "status", "source, date"], style: { head: [], border: [] }, wordWrap: true, colWidths: [24, 24, 20, 11, 13, 12, 40] });
  for (const r of rows) {
    const flags = [r.gpuModelStatus !== "verified" ? `GPU ${r.gpuModelStatus}` : "", r.restrictedAvailability ? "on request" : "", r.exportControlledHere && r.exportControl ? `export control: ${r.exportControl.status}${r.exportControl.since ? ` since ${r.exportControl.since}` : ""} (advisory)` : ""].filter(Boolean);
    table.push([
      `${r.cloud}\n${r.region}`,
      r.instanceType,
      `${r.gpuCount}× ${r.gpu} ${r.gpuMemoryGb} GB${flags.length ? `\n(${flags.join(", ")})` : ""}`,
      `${r.vcpu ?? "?"} / ${r.memoryGib ?? "?"}`,
      r.price.hourly === null ? "unknown" : `${r.price.hourly} ${r.price.currency}`,
      r.price.status,
      `${r.price.source ?? "—"}${r.price.date ? `, ${r.price.date}` : ""}${r.price.note ? `\n${r.price.note}` : ""}`,
    ]);
  }
  return `${rows.length} offering × region rows\n${table.toString()}\n`;
}

function renderGpus(catalog: Catalog): string {
  const table = new Table({ head: ["GPU", "memory GB", "GB/s", "FP16 / FP8 TFLOPS", "CC", "NVLink GB/s", "export control (China)", "figures"], style: { head: [], border: [] } });
  for (const g of catalog.gpus) {
    const ec = g.exportControl;
    const china = [ec ? `${ec.status}${ec.since ? ` since ${ec.since}` : ""}` : "", g.chinaMarketVariant ? "China-market variant" : ""].filter(Boolean).join("\n");
    table.push([g.key, g.memoryGb, g.memoryBandwidthGBs, `${g.fp16DenseTflops} / ${g.fp8DenseTflops ?? "—"}`, g.computeCapability.toFixed(1), g.nvlinkGBs ?? "—", china, g.specStatus]);
  }
  return table.toString() + "\n";
}

function renderModels(catalog: Catalog): string {
  const table = new Table({ head: ["model", "params B", "layers", "heads / KV", "head dim", "max ctx", "gated", "shape"], style: { head: [], border: [] } });
  for (const m of catalog.models) table.push([m.id, m.parametersB, m.layers, `${m.attentionHeads} / ${m.kvHeads}`, m.headDim, m.maxContextTokens, m.gated ? "yes" : "", m.specStatus]);
  return table.toString() + "\n";
}

function renderRegions(catalog: Catalog, cloud?: Cloud): string {
  const table = new Table({ head: ["cloud", "region", "name", "country", "residency", "currency", "zones"], style: { head: [], border: [] } });
  for (const r of catalog.regions.filter((x) => !cloud || x.cloud === cloud)) table.push([r.cloud, r.region, r.displayName, r.country, r.residency, r.currency, r.zones.join(" ")]);
  return table.toString() + "\n";
}

/** The `catalog` command. */
export const catalogCommand: CliCommand = {
  name: "catalog",
  summary: "List the GPU offerings, prices (with status and source), GPUs, models and regions the kit knows",
  description: [
    "offerings (default): every offering per region with GPUs, size, hourly price, price status (verified / third-party / estimate / unknown), source and date; flags unverified GPU models, on-request availability and export-controlled GPUs in mainland-China regions.",
    "gpus: datasheet figures used for sizing. models: architecture figures. regions: country and residency.",
  ].join("\n"),
  arguments: [{ syntax: "[view]", description: `what to list: ${CATALOG_VIEWS.join(", ")} (default: offerings)` }],
  options: {
    cloud: { type: "string", valueName: "cloud", description: `only this cloud: ${CLOUDS.join(", ")} (default: all)` },
    region: { type: "string", valueName: "region", description: "offerings: only this region id (default: all)" },
    gpu: { type: "string", valueName: "gpu", description: "offerings: only this GPU, catalog key or alias (default: all)" },
    format: { type: "string", valueName: "format", default: "table", description: `output: ${CATALOG_FORMATS.join(", ")}` },
  },
  helpAfter: [
    EXIT_CODES_HELP,
    "",
    examplesHelp(["gpukit catalog --cloud alicloud --region cn-hangzhou", "gpukit catalog --gpu L20 --format json", "gpukit catalog gpus"]),
  ].join("\n"),
  async run(values, positionals, io) {
    const problems: string[] = [];
    const view = positionals[0] ?? "offerings";
    if (positionals.length > 1 || !(CATALOG_VIEWS as readonly string[]).includes(view)) problems.push(`view must be one of ${CATALOG_VIEWS.join(", ")} (given ${positionals.join(" ")})`);
    const format = stringValue(values, "format") ?? "table";
    if (!(CATALOG_FORMATS as readonly string[]).includes(format)) problems.push(`--format must be one of ${CATALOG_FORMATS.join(", ")} (given ${JSON.stringify(format)})`);
    const cloud = stringValue(values, "cloud");
    if (cloud !== undefined && !(CLOUDS as readonly string[]).includes(cloud)) problems.push(`--cloud must be one of ${CLOUDS.join(", ")} (given ${JSON.stringify(cloud)})`);
    if (problems.length) throw new UsageError(problems.join("\n"));
    const catalog = loadCatalog();
    const filter = { cloud: cloud as Cloud | undefined, region: stringValue(values, "region"), gpu: stringValue(values, "gpu") };
    const data =
      view === "offerings" ? offeringRows(catalog, filter)
      : view === "gpus" ? catalog.gpus
      : view === "models" ? catalog.models
      : catalog.regions.filter((r) => !filter.cloud || r.cloud === filter.cloud);
    if (format === "json") io.stdout(JSON.stringify(data, null, 2) + "\n");
    else if (view === "offerings") io.stdout(renderOfferings(data as OfferingRow[]));
    else if (view === "gpus") io.stdout(renderGpus(catalog));
    else if (view === "models") io.stdout(renderModels(catalog));
    else io.stdout(renderRegions(catalog, filter.cloud));
    return EXIT.ok;
  },
};
