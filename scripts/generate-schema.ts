/**
 * Writes the editor JSON Schema of the deployment spec (`schema/deployment.schema.json`) and the
 * spec reference (`docs/spec.md`) from the zod schema, so both stay in step with the code.
 * Run with `npm run schema`; a test fails when the committed files are stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderSpecJsonSchema, renderSpecReference } from "../components/spec/json-schema";

const root = path.resolve(__dirname, "..");
fs.mkdirSync(path.join(root, "schema"), { recursive: true });
fs.writeFileSync(path.join(root, "schema", "deployment.schema.json"), renderSpecJsonSchema());
fs.mkdirSync(path.join(root, "docs"), { recursive: true });
fs.writeFileSync(path.join(root, "docs", "spec.md"), renderSpecReference());
console.log("wrote schema/deployment.schema.json and docs/spec.md");
