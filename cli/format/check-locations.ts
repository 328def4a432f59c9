/**
 * Where in the stack file a finding's spec value lives: each rule names the spec path that decides
 * it (`budget.monthly`, `targets[i].gpu`, `loadBalancer.tls` …); the target is the one the resource
 * belongs to (its `<target>-` name prefix). Lines come from the `yaml` package's node ranges; when a
 * path is absent (a value left to its default) the nearest present parent is used, and the
 * `gpu-inference:deployment` key when nothing else is.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/** Spec path (dotted; `targets[]` is the finding's target) per rule; deployability rules use the target. */
const SPEC_PATHS: Readonly<Record<string, string>> = {
  "cost-monthly-budget": "budget.monthly",
  "cost-max-gpus": "targets[].replicas.max",
  "cost-allowed-gpu-models": "targets[].gpu",
  "cost-spot-required": "targets[].spot",
  "cost-top-tier-gpus": "targets[].gpu",
  "cost-autoscaling-max": "targets[].replicas.max",
  "cost-unpriced-resources": "targets[]",
  "sec-no-admin-ports-open": "loadBalancer.allowedCidrs",
  "sec-engine-port-lb-only": "loadBalancer.allowedCidrs",
  "sec-https-listeners": "loadBalancer.tls",
  "sec-open-listener-auth": "engine.apiKeySecret",
  "sec-data-stores-private": "vectorDatabase",
  "sec-no-public-ip-gpu-hosts": "targets[]",
  "sec-imds-hardened": "targets[]",
  "sec-imds-plain-reads": "targets[]",
  "sec-encrypted-disks": "targets[].diskGb",
  "sec-disk-encryption-unavailable": "targets[].cloud",
  "sec-no-plaintext-secrets": "engine.extraArgs",
  "comp-required-tags": "owner",
  "comp-data-classification-tag": "compliance.dataClassification",
  "comp-data-residency": "compliance.dataResidency",
  "comp-export-control": "targets[].gpu",
  "comp-cn-filing-moderation": "compliance.filingNumber",
  "comp-cn-log-retention": "compliance",
};

/** A 1-based line and column. */
export interface SpecLocation {
  line: number;
  column: number;
  /** The spec path the location points at (as far as it exists in the file). */
  path: string;
}

/** Locates findings in one stack file. */
export class SpecLocator {
  private readonly counter = new LineCounter();
  private readonly root: Node | null;
  private readonly specKeyLine: SpecLocation;

  constructor(text: string, specKey: string) {
    const doc = parseDocument(text, { lineCounter: this.counter });
    const config = this.child(doc.contents as Node | null, "config");
    this.root = this.child(config?.value ?? null, specKey)?.value ?? null;
    const keyNode = this.child(config?.value ?? null, specKey)?.key;
    this.specKeyLine = { ...this.pos(keyNode), path: specKey };
  }

  private pos(node: Node | null | undefined): { line: number; column: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    const p = this.counter.linePos(offset);
    return { line: p.line, column: p.col };
  }

  private child(node: Node | null, key: string | number): { key: Node | null; value: Node | null } | undefined {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      return pair ? { key: pair.key as Node, value: pair.value as Node | null } : undefined;
    }
    if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      return item ? { key: item, value: item } : undefined;
    }
    return undefined;
  }

  /** Index of target `name` in `targets`, or -1. */
  private targetIndex(name: string | undefined): number {
    const targets = this.child(this.root, "targets")?.value;
    if (!name || !isSeq(targets)) return -1;
    return targets.items.findIndex((t) => isMap(t) && t.get("name") === name);
  }

  /** Location of rule `rule`'s value for a finding on a resource of target `target` (undefined for stack-wide). */
  locate(rule: string, target?: string): SpecLocation {
    const spec = SPEC_PATHS[rule] ?? "targets[]";
    const index = this.targetIndex(target);
    const segments: (string | number)[] = [];
    for (const part of spec.split(".")) {
      if (part === "targets[]") {
        segments.push("targets");
        if (index >= 0) segments.push(index);
        else break;
      } else segments.push(part);
    }
    let node: Node | null = this.root;
    let best: SpecLocation = this.specKeyLine;
    const walked: (string | number)[] = [];
    for (const seg of segments) {
      const next = this.child(node, seg);
      if (!next) break;
      walked.push(seg);
      best = { ...this.pos(next.key), path: walked.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("").replace(/^\./, "") };
      node = next.value;
    }
    return best;
  }
}
