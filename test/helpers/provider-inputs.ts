/**
 * The provider-inputs fixture (test/fixtures/provider-inputs.json: every Tencent Cloud and Volcano
 * Engine token with its input names and nested input fields, from the official SDK sources) and the
 * check that recorded inputs use only those names.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** Input names of one token, and the allowed keys of its nested inputs by field path (`a`, `a.b`). */
export interface TokenInputs {
  inputs: string[];
  /** Where the names were read (SDK file and version). */
  source?: string;
  nested: Record<string, string[]>;
}
/** Token → its inputs. */
export type ProviderInputs = Record<string, TokenInputs>;

/** The fixture as committed. */
export const PROVIDER_INPUTS: ProviderInputs = JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", "provider-inputs.json"), "utf8"));

/** A resource registration or invoke to check: token and inputs (or invoke args). */
export interface CheckedInputs {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Checks the keys of `value` (object or array of objects) at `fieldPath` against the fixture, recursively. */
function checkNested(entry: TokenInputs, where: string, fieldPath: string, value: unknown, errors: string[]): void {
  const allowed = entry.nested[fieldPath];
  if (!allowed || value === null || value === undefined) return;
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (typeof item !== "object" || item === null) continue;
    for (const [key, child] of Object.entries(item)) {
      if (!allowed.includes(key)) errors.push(`${where}: unknown nested input ${fieldPath}.${key}`);
      checkNested(entry, where, `${fieldPath}.${key}`, child, errors);
    }
  }
}

/**
 * One message per unknown token, input name or nested input key among the Tencent Cloud and Volcano
 * Engine records (other clouds' records are skipped); `inputs` defaults to the committed fixture.
 */
export function unknownProviderInputs(records: readonly CheckedInputs[], inputs: ProviderInputs = PROVIDER_INPUTS): string[] {
  const errors: string[] = [];
  for (const r of records) {
    if (!r.type.startsWith("tencentcloud:") && !r.type.startsWith("volcengine:")) continue;
    const entry = inputs[r.type];
    const where = `${r.type} ${r.name}`;
    if (!entry) {
      errors.push(`${where}: token not in the provider schema fixture`);
      continue;
    }
    for (const [key, value] of Object.entries(r.inputs)) {
      if (!entry.inputs.includes(key)) errors.push(`${where}: unknown input ${key}`);
      checkNested(entry, where, key, value, errors);
    }
  }
  return errors;
}
