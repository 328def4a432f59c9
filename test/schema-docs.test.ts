import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { renderSpecJsonSchema, renderSpecReference } from "../components/spec/json-schema";

const root = path.resolve(__dirname, "..");

describe("generated spec documents", () => {
  it("schema/deployment.schema.json is current (run `npm run schema`)", () => {
    expect(fs.readFileSync(path.join(root, "schema", "deployment.schema.json"), "utf8")).toBe(renderSpecJsonSchema());
  });
  it("docs/spec.md is current (run `npm run schema`)", () => {
    expect(fs.readFileSync(path.join(root, "docs", "spec.md"), "utf8")).toBe(renderSpecReference());
  });
  it("the JSON Schema forbids unknown keys and lists the engines", () => {
    const schema = JSON.parse(renderSpecJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.engine.properties.name.enum).toContain("tensorrt-llm");
    expect(schema.required).toEqual(expect.arrayContaining(["environment", "model", "engine", "targets", "loadBalancer"]));
  });
});
