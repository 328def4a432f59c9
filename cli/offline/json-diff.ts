/**
 * Field-by-field comparison of two JSON documents, for golden tests and plan diffs: every leaf that
 * differs (or exists on one side only), with its path, in document order.
 */

/** One difference between `expected` and `actual` at a JSON path such as `resources[3].inputs.tags.env`. */
export interface JsonDifference {
  path: string;
  /** Value in the expected document; `undefined` when the field is missing there. */
  expected: unknown;
  /** Value in the actual document; `undefined` when the field is missing there. */
  actual: unknown;
}

/** `path` + key, as `a.b`, `a[0]` or `a["odd key"]`. */
function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Differences between two JSON values, at most `limit` of them (default 50), in document order:
 * objects key by key (expected's keys first), arrays index by index.
 */
export function diffJson(expected: unknown, actual: unknown, limit = 50): JsonDifference[] {
  const out: JsonDifference[] = [];
  const walk = (e: unknown, a: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(e) && Array.isArray(a)) {
      for (let i = 0; i < Math.max(e.length, a.length) && out.length < limit; i++) walk(e[i], a[i], child(path, i));
      return;
    }
    if (isObject(e) && isObject(a)) {
      const keys = [...Object.keys(e), ...Object.keys(a).filter((k) => !(k in e))];
      for (const key of keys) walk(e[key], a[key], child(path, key));
      return;
    }
    if (e !== a) out.push({ path: path || "(root)", expected: e, actual: a });
  };
  walk(expected, actual, "");
  return out;
}

/** Short JSON of a value for a diff line (at most `width` characters, default 120). */
function brief(value: unknown, width = 120): string {
  const text = value === undefined ? "(missing)" : JSON.stringify(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** Readable lines for differences: `path: expected → actual`. */
export function formatDifferences(differences: readonly JsonDifference[]): string {
  return differences.map((d) => `  ${d.path}:\n    expected ${brief(d.expected)}\n    actual   ${brief(d.actual)}`).join("\n");
}
