/**
 * Extracts every input name of every Tencent Cloud and Volcano Engine resource and data source
 * from Appendices A and B of the provider reference into `test/fixtures/provider-inputs.json`:
 * `{ [token]: { source, inputs: string[], nested: { [fieldPath]: string[] } } }`.
 *
 * Nested blocks are placed by their type name: the input (or nested field) of the same section whose
 * type mentions it gives the path (`dataDisks`, `nodeConfig.security`); arrays are transparent.
 * Volcengine's `InstanceTag` shape applies to every Volcengine `tags` input (the appendix says so).
 * A short supplement adds facts verified from the providers' generated SDK sources that the
 * appendices do not list (nested AS fields, Volcengine AS attachment/enabler tokens).
 *
 * Usage: `tsx scripts/extract-provider-inputs.ts [reference.md] [out.json]`
 * (default reference: `../shared/reference/providers-and-catalog.md` beside the repository).
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** Inputs of one token. */
export interface TokenInputs {
  /** Where the names come from. */
  source: string;
  inputs: string[];
  nested: Record<string, string[]>;
}

/** The whole fixture, keyed by token. */
export type ProviderInputs = Record<string, TokenInputs>;

interface Field {
  name: string;
  type: string;
}

interface Section {
  token: string;
  source: string;
  fields: Field[];
  nested: { typeName: string; fields: Field[] }[];
}

/** Facts verified from the generated SDK sources (commit and file given in `source`). */
const SUPPLEMENT: ProviderInputs = {
  "tencentcloud:As/scalingGroup:ScalingGroup": {
    source: "tencentcloudstack/pulumi-tencentcloud sdk/go/tencentcloud/as/pulumiTypes.go @2c910d26 (nested only)",
    inputs: [],
    nested: { forwardBalancerIds: ["listenerId", "loadBalancerId", "ruleId", "targetAttributes"], "forwardBalancerIds.targetAttributes": ["port", "weight"] },
  },
  "volcengine:autoscaling/scalingGroup:ScalingGroup": {
    source: "volcengine/pulumi-volcengine sdk/python/pulumi_volcengine/autoscaling/_inputs.py @3afbc7c6 (nested only)",
    inputs: [],
    nested: { serverGroupAttributes: ["loadBalancerId", "port", "serverGroupId", "weight"] },
  },
  "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration": {
    source: "volcengine/pulumi-volcengine sdk/python/pulumi_volcengine/autoscaling/_inputs.py @3afbc7c6 (nested only)",
    inputs: [],
    nested: { volumes: ["deleteWithInstance", "size", "volumeType"] },
  },
  "volcengine:autoscaling/scalingConfigurationAttachment:ScalingConfigurationAttachment": {
    source: "volcengine/pulumi-volcengine sdk/nodejs/autoscaling/scalingConfigurationAttachment.ts @3afbc7c6",
    inputs: ["scalingConfigurationId"],
    nested: {},
  },
  "volcengine:autoscaling/scalingGroupEnabler:ScalingGroupEnabler": {
    source: "volcengine/pulumi-volcengine sdk/nodejs/autoscaling/scalingGroupEnabler.ts @0449e00e",
    inputs: ["scalingGroupId"],
    nested: {},
  },
};

/** Base type name of a table type cell: `inputs.vke.NodePoolNodeConfig[]` → `NodePoolNodeConfig`. */
function baseTypeName(type: string): string {
  const bare = type.replace(/\[\]$/, "").trim();
  return bare.slice(bare.lastIndexOf(".") + 1);
}

/** Parses the rows `| \`name\` | req | \`type\` | notes |` following a table header. */
function tableRows(lines: string[], start: number): { fields: Field[]; end: number } {
  const fields: Field[] = [];
  let i = start;
  while (i < lines.length && !lines[i].startsWith("|")) i++;
  for (; i < lines.length && lines[i].startsWith("|"); i++) {
    const match = /^\|\s*`([A-Za-z0-9_]+)`\s*\|[^|]*\|\s*`([^`]*)`/.exec(lines[i]);
    if (match) fields.push({ name: match[1], type: match[2] });
  }
  return { fields, end: i };
}

/** Splits one appendix into resource sections with their nested blocks. */
function parseAppendix(text: string, source: string): Section[] {
  const lines = text.split("\n");
  const sections: Section[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("#### ")) {
      let token: string | undefined;
      for (let j = i + 1; j < Math.min(i + 6, lines.length); j++) {
        const match = /^- token: `([^`]+)`/.exec(lines[j]);
        if (match) token = match[1];
      }
      if (!token) continue;
      const { fields, end } = tableRows(lines, i + 1);
      sections.push({ token, source, fields, nested: [] });
      i = end - 1;
    } else if (line.startsWith("##### nested ")) {
      const match = /^##### nested `([A-Za-z0-9_]+)`/.exec(line);
      const section = sections[sections.length - 1];
      if (!match || !section) continue;
      const { fields, end } = tableRows(lines, i + 1);
      section.nested.push({ typeName: match[1], fields });
      i = end - 1;
    }
  }
  return sections;
}

/** Resolves nested blocks to field paths by type name, breadth-first from the top-level inputs. */
function resolveSection(section: Section): TokenInputs {
  const nested: Record<string, string[]> = {};
  const queue: { path: string; fields: Field[] }[] = [{ path: "", fields: section.fields }];
  const used = new Set<string>();
  while (queue.length > 0) {
    const { path: prefix, fields } = queue.shift()!;
    for (const field of fields) {
      const block = section.nested.find((n) => n.typeName === baseTypeName(field.type));
      if (!block) continue;
      const fieldPath = prefix ? `${prefix}.${field.name}` : field.name;
      nested[fieldPath] = block.fields.map((f) => f.name).sort();
      used.add(block.typeName);
      queue.push({ path: fieldPath, fields: block.fields });
    }
  }
  const unplaced = section.nested.filter((n) => !used.has(n.typeName)).map((n) => n.typeName);
  if (unplaced.length > 0) throw new Error(`${section.token}: nested blocks ${unplaced.join(", ")} match no field type`);
  return { source: section.source, inputs: section.fields.map((f) => f.name).sort(), nested };
}

/** Builds the fixture from the reference text. */
export function extractProviderInputs(reference: string): ProviderInputs {
  const startA = reference.indexOf("## Appendix A");
  const startB = reference.indexOf("## Appendix B");
  if (startA < 0 || startB < 0) throw new Error("Appendix A or B not found");
  const sections = [
    ...parseAppendix(reference.slice(startA, startB), "providers-and-catalog.md Appendix A (pulumi-tencentcloud v0.2.3)"),
    ...parseAppendix(reference.slice(startB), "providers-and-catalog.md Appendix B (pulumi-volcengine v0.0.47)"),
  ];
  const result: ProviderInputs = {};
  for (const section of sections) result[section.token] = resolveSection(section);
  const volcTag = sections.find((s) => s.token === "volcengine:ecs/instance:Instance")?.nested.find((n) => n.typeName === "InstanceTag");
  if (!volcTag) throw new Error("nested InstanceTag (shape of all Volcengine tags) not found");
  for (const [token, entry] of Object.entries(result)) {
    if (token.startsWith("volcengine:") && entry.inputs.includes("tags")) entry.nested.tags ??= volcTag.fields.map((f) => f.name).sort();
  }
  for (const [token, extra] of Object.entries(SUPPLEMENT)) {
    const entry = (result[token] ??= { source: extra.source, inputs: [], nested: {} });
    if (entry.source !== extra.source) entry.source = `${entry.source}; ${extra.source}`;
    entry.inputs = [...new Set([...entry.inputs, ...extra.inputs])].sort();
    Object.assign(entry.nested, extra.nested);
    if (token.startsWith("volcengine:") && entry.inputs.includes("tags")) entry.nested.tags ??= volcTag.fields.map((f) => f.name).sort();
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const referencePath = path.resolve(process.argv[2] ?? path.join(root, "../shared/reference/providers-and-catalog.md"));
  const outPath = path.resolve(process.argv[3] ?? path.join(root, "test/fixtures/provider-inputs.json"));
  const fixture = extractProviderInputs(readFileSync(referencePath, "utf8"));
  writeFileSync(outPath, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`${Object.keys(fixture).length} tokens → ${path.relative(process.cwd(), outPath)}`);
}
