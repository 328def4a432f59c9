/**
 * Loads the catalog data files, validates each against its zod schema, then cross-checks them
 * (source ids resolve, GPU keys and regions exist, prices are consistent, no duplicates). Every
 * problem is collected and reported in one error, with the file and the path of the bad value.
 * The validated catalog is cached for the life of the process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import {
  CLOUDS,
  FxSchema,
  GpuSpecSchema,
  ModelShapeSchema,
  OfferingSchema,
  PerformanceDataSchema,
  PriceEstimatesSchema,
  RegionSchema,
  SourceSchema,
  type Cloud,
  type Fx,
  type GpuSpec,
  type ModelShape,
  type Offering,
  type PerformanceData,
  type PriceEstimates,
  type Region,
  type Source,
} from "./schema";

/** A GPU family seen in third-party material whose sizes or GPU model are not known well enough for an offering row. */
export const UnverifiedFamilySchema = z.strictObject({
  cloud: z.enum(CLOUDS),
  family: z.string().min(1),
  /** GPU catalog key the family is guessed to carry; null when not even a guess exists. */
  gpuGuess: z.string().min(1).nullable(),
  status: z.literal("unverified"),
  source: z.string().min(1),
  note: z.string().min(1),
});
/** A row of `unverified-families.json`. */
export type UnverifiedFamily = z.infer<typeof UnverifiedFamilySchema>;

/** The whole validated catalog. */
export interface Catalog {
  sources: Source[];
  gpus: GpuSpec[];
  regions: Region[];
  offerings: Offering[];
  models: ModelShape[];
  estimates: PriceEstimates;
  fx: Fx;
  /** Families known by name only (no offering rows); informational, never planned. */
  unverifiedFamilies?: UnverifiedFamily[];
  /** Performance-model calibration (`performance.json`); optional so hand-built test catalogs need not carry it. */
  performance?: PerformanceData;
}

/** The raw (unvalidated) content of every data file, keyed by its path under `catalog/data/`. */
export type RawCatalog = Record<string, unknown>;

/** Array files: schema of one row. Offerings are one file per cloud. */
const ARRAY_FILES: Record<string, z.ZodType> = {
  "sources.json": SourceSchema,
  "gpus.json": GpuSpecSchema,
  "regions.json": RegionSchema,
  "models.json": ModelShapeSchema,
  "unverified-families.json": UnverifiedFamilySchema,
  ...Object.fromEntries(CLOUDS.map((c) => [`offerings/${c}.json`, OfferingSchema])),
};
/** Object files: schema of the whole file. */
const OBJECT_FILES: Record<string, z.ZodType> = {
  "price-estimates.json": PriceEstimatesSchema,
  "fx.json": FxSchema,
  "performance.json": PerformanceDataSchema,
};

/** Names of the data files, relative to `catalog/data/`. */
export const DATA_FILES: readonly string[] = [...Object.keys(ARRAY_FILES), ...Object.keys(OBJECT_FILES)];

const DATA_DIR = path.join(__dirname, "data");

/** Reads every data file as JSON. A missing or malformed file becomes an entry in `problems`. */
export function readRawCatalog(dir: string = DATA_DIR): { raw: RawCatalog; problems: string[] } {
  const raw: RawCatalog = {};
  const problems: string[] = [];
  for (const file of DATA_FILES) {
    try {
      raw[file] = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch (err) {
      problems.push(`${file}: cannot read: ${(err as Error).message}`);
    }
  }
  return { raw, problems };
}

/** `["a", 0, "b"]` → `.a[0].b`, appended to a file name. */
function fmtPath(p: ReadonlyArray<PropertyKey>): string {
  return p.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
}

/** Records `value` under `key` (case-insensitive) and reports a clash with an earlier owner. */
function claim(seen: Map<string, string>, key: string, owner: string, what: string, problems: string[]): void {
  const k = key.toLowerCase();
  const prior = seen.get(k);
  if (prior !== undefined) problems.push(`${owner}: duplicate ${what} "${key}" (already used by ${prior})`);
  else seen.set(k, owner);
}

/**
 * Schema-valid rows of every file. Array files keep their rows at their original index (rows that
 * failed the schema are holes, which `forEach` skips), so cross-check messages point at the right row.
 */
interface Parsed {
  sources?: Source[];
  gpus?: GpuSpec[];
  regions?: Region[];
  models?: ModelShape[];
  unverifiedFamilies?: UnverifiedFamily[];
  offerings: Partial<Record<Cloud, Offering[]>>;
  estimates?: PriceEstimates;
  fx?: Fx;
  performance?: PerformanceData;
}

/** String values of `field` across the raw rows of an array file (valid or not); undefined when the file is unusable. */
function rawField(raw: unknown, field: string): Set<string> | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = new Set<string>();
  for (const row of raw) {
    const v = (row as Record<string, unknown> | null)?.[field];
    if (typeof v === "string") out.add(v);
  }
  return out;
}

/**
 * Cross-file checks; appends to `problems`. Reference sets (source ids, GPU keys, regions) come from
 * the raw rows, so a row that fails its schema does not also make every reference to it look unknown.
 * A check is skipped when the file it refers to is missing or not an array.
 */
function crossCheck(raw: RawCatalog, c: Parsed, problems: string[]): void {
  const sourceIds = rawField(raw["sources.json"], "id");
  const gpuKeys = rawField(raw["gpus.json"], "key");
  const regionRows = raw["regions.json"];
  const regionKeys = Array.isArray(regionRows)
    ? new Set(regionRows.map((r) => `${(r as Region | null)?.cloud}/${(r as Region | null)?.region}`))
    : undefined;
  const src = (id: string, where: string): void => {
    if (sourceIds && !sourceIds.has(id)) problems.push(`${where}: unknown source id "${id}"`);
  };
  const gpu = (key: string, where: string): void => {
    if (gpuKeys && !gpuKeys.has(key)) problems.push(`${where}: unknown GPU key "${key}"`);
  };
  const region = (cloud: Cloud, r: string, where: string): boolean => {
    if (!regionKeys || regionKeys.has(`${cloud}/${r}`)) return true;
    problems.push(`${where}: unknown ${cloud} region "${r}"`);
    return false;
  };

  const ids = new Map<string, string>();
  c.sources?.forEach((s, i) => claim(ids, s.id, `sources.json[${i}].id`, "source id", problems));

  const gpuNames = new Map<string, string>();
  c.gpus?.forEach((g, i) => {
    const at = `gpus.json[${i}]`;
    claim(gpuNames, g.key, `${at}.key`, "GPU key or alias", problems);
    g.aliases.forEach((a, j) => claim(gpuNames, a, `${at}.aliases[${j}]`, "GPU key or alias", problems));
    g.sources.forEach((s, j) => src(s, `${at}.sources[${j}]`));
    if (!g.exportControl) problems.push(`${at}.exportControl: required (status, since, source, sourceStatus)`);
    else src(g.exportControl.source, `${at}.exportControl.source`);
  });

  const regionSeen = new Map<string, string>();
  c.regions?.forEach((r, i) => {
    const at = `regions.json[${i}]`;
    claim(regionSeen, `${r.cloud}/${r.region}`, `${at}.region`, "region", problems);
    src(r.source, `${at}.source`);
    if (r.zonesSource) src(r.zonesSource, `${at}.zonesSource`);
    r.zones.forEach((zone, j) => {
      if (!zone.startsWith(r.region)) problems.push(`${at}.zones[${j}]: zone "${zone}" is not in region ${r.region}`);
    });
    if (r.residency === "cn" && r.country !== "CN") problems.push(`${at}.country: residency cn requires country CN, got ${r.country}`);
  });

  for (const cloud of CLOUDS) {
    const types = new Map<string, string>();
    c.offerings[cloud]?.forEach((o, i) => {
      const at = `offerings/${cloud}.json[${i}]`;
      if (o.cloud !== cloud) problems.push(`${at}.cloud: "${o.cloud}" in the ${cloud} file`);
      claim(types, o.instanceType, `${at}.instanceType`, "instance type", problems);
      gpu(o.gpu, `${at}.gpu`);
      src(o.specSource, `${at}.specSource`);
      o.regions.forEach((r, j) => region(cloud, r, `${at}.regions[${j}]`));
      const priced = new Set<string>();
      o.prices.forEach((p, j) => {
        const pat = `${at}.prices[${j}]`;
        src(p.source, `${pat}.source`);
        p.regions.forEach((r, k) => {
          const where = `${pat}.regions[${k}]`;
          if (region(cloud, r, where) && !o.regions.includes(r)) problems.push(`${where}: region "${r}" is not in the offering's regions`);
          if (priced.has(r)) problems.push(`${where}: region "${r}" has more than one price row`);
          priced.add(r);
        });
        if (p.status === "unknown") {
          if (p.hourly !== null || p.currency !== null) problems.push(`${pat}: status unknown requires hourly null and currency null`);
        } else if (p.hourly === null || p.currency === null) {
          problems.push(`${pat}: status ${p.status} requires a number hourly and a currency`);
        }
      });
    });
  }

  const modelNames = new Map<string, string>();
  c.models?.forEach((m, i) => {
    const at = `models.json[${i}]`;
    claim(modelNames, m.id, `${at}.id`, "model id or alias", problems);
    m.aliases.forEach((a, j) => claim(modelNames, a.id, `${at}.aliases[${j}].id`, "model id or alias", problems));
    src(m.source, `${at}.source`);
    if (m.activeParametersB > m.parametersB) problems.push(`${at}.activeParametersB: exceeds parametersB`);
    if (m.attentionHeads % m.kvHeads !== 0) problems.push(`${at}.kvHeads: does not divide attentionHeads`);
  });

  if (c.estimates) {
    src(c.estimates.source, "price-estimates.json.source");
    for (const [k, [lo, hi]] of Object.entries(c.estimates.perGpuHour)) {
      gpu(k, `price-estimates.json.perGpuHour.${k}`);
      if (lo > hi) problems.push(`price-estimates.json.perGpuHour.${k}: low ${lo} exceeds high ${hi}`);
    }
  }
  if (c.fx) src(c.fx.source, "fx.json.source");
  c.performance?.factors.forEach((f, i) => f.sources.forEach((s, j) => src(s, `performance.json.factors[${i}].sources[${j}]`)));
  c.performance?.overheads.forEach((o, i) => src(o.source, `performance.json.overheads[${i}].source`));
  if (c.performance) src(c.performance.interconnect.source, "performance.json.interconnect.source");
  c.unverifiedFamilies?.forEach((f, i) => {
    src(f.source, `unverified-families.json[${i}].source`);
    if (f.gpuGuess !== null) gpu(f.gpuGuess, `unverified-families.json[${i}].gpuGuess`);
  });
}

/**
 * Validates raw file contents (keyed by path under `catalog/data/`, as {@link readRawCatalog} returns)
 * and returns every problem found, each prefixed with its file and path. Pure: no I/O.
 */
export function validateCatalog(raw: RawCatalog): string[] {
  return parseCatalog(raw).problems;
}

function parseCatalog(raw: RawCatalog): { catalog?: Catalog; problems: string[] } {
  const problems: string[] = [];
  const rows: Record<string, unknown[]> = {};
  const objects: Record<string, unknown> = {};
  for (const file of DATA_FILES) {
    if (!(file in raw)) {
      problems.push(`${file}: missing`);
      continue;
    }
    const value = raw[file];
    const rowSchema = ARRAY_FILES[file];
    if (rowSchema) {
      if (!Array.isArray(value)) {
        problems.push(`${file}: expected an array`);
        continue;
      }
      const out: unknown[] = new Array(value.length); // holes where a row fails its schema
      value.forEach((row, i) => {
        const r = rowSchema.safeParse(row);
        if (r.success) out[i] = r.data;
        else for (const issue of r.error.issues) problems.push(`${file}[${i}]${fmtPath(issue.path)}: ${issue.message}`);
      });
      rows[file] = out;
    } else {
      const r = OBJECT_FILES[file].safeParse(value);
      if (r.success) objects[file] = r.data;
      else for (const issue of r.error.issues) problems.push(`${file}${fmtPath(issue.path)}: ${issue.message}`);
    }
  }
  const parsed: Parsed = {
    sources: rows["sources.json"] as Source[] | undefined,
    gpus: rows["gpus.json"] as GpuSpec[] | undefined,
    regions: rows["regions.json"] as Region[] | undefined,
    models: rows["models.json"] as ModelShape[] | undefined,
    unverifiedFamilies: rows["unverified-families.json"] as UnverifiedFamily[] | undefined,
    offerings: Object.fromEntries(CLOUDS.map((c) => [c, rows[`offerings/${c}.json`] as Offering[] | undefined])),
    estimates: objects["price-estimates.json"] as PriceEstimates | undefined,
    fx: objects["fx.json"] as Fx | undefined,
    performance: objects["performance.json"] as PerformanceData | undefined,
  };
  crossCheck(raw, parsed, problems);
  if (problems.length > 0) return { problems };
  const catalog: Catalog = {
    sources: parsed.sources!,
    gpus: parsed.gpus!,
    regions: parsed.regions!,
    offerings: CLOUDS.flatMap((c) => parsed.offerings[c]!),
    models: parsed.models!,
    estimates: parsed.estimates!,
    fx: parsed.fx!,
    unverifiedFamilies: parsed.unverifiedFamilies!,
    performance: parsed.performance!,
  };
  return { catalog, problems };
}

let cached: Catalog | undefined;

/**
 * Returns the validated catalog, reading `catalog/data/` on the first call and caching the result.
 * Throws one Error listing every problem (file and path) when the data is invalid.
 */
export function loadCatalog(): Catalog {
  if (cached) return cached;
  const { raw, problems } = readRawCatalog();
  const result = parseCatalog(raw);
  const unreadable = new Set(problems.map((p) => p.slice(0, p.indexOf(":"))));
  const all = [...problems, ...result.problems.filter((p) => !(p.endsWith(": missing") && unreadable.has(p.slice(0, -": missing".length))))];
  if (all.length > 0 || !result.catalog) {
    throw new Error(`Invalid catalog (${all.length} problem${all.length === 1 ? "" : "s"}):\n${all.map((p) => `  - ${p}`).join("\n")}`);
  }
  cached = result.catalog;
  return cached;
}

/** Groups of a cloud's offerings, for callers that want per-cloud counts. */
export function offeringsByCloud(catalog: Catalog): Record<Cloud, Offering[]> {
  const out = Object.fromEntries(CLOUDS.map((c) => [c, [] as Offering[]])) as Record<Cloud, Offering[]>;
  for (const o of catalog.offerings) out[o.cloud].push(o);
  return out;
}
