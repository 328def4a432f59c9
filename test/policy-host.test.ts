/**
 * The pack loads under the Pulumi CLI's policy host as it is: the real host program
 * (`@pulumi/pulumi/cmd/run-policy-pack`, with ts-node and policies/tsconfig.json, cwd policies/ for
 * the pack version) starts the server on policies/; over gRPC it lists exactly the rules
 * `gpukit check` runs (nothing in policies/ works only offline), applies a `configure`d level, and
 * returns the same findings for the same resource as the offline runner — including a rule that
 * reads the stack config the CLI passes to the pack process (PULUMI_CONFIG).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runPolicies } from "../cli/format/check-run";
import { PACK_NAME, RULES, setStackContext } from "../policies/rules";
import { contextOf, res, TAGS } from "./policy-harness";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const services = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const messages = require("@pulumi/pulumi/proto/analyzer_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

const ROOT = path.resolve(__dirname, "..");
let host: ChildProcess;
let client: any;
const call = <T>(method: string, req: unknown): Promise<T> => new Promise((resolve, reject) => client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))));

beforeAll(async () => {
  const spec = (parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config["gpu-inference:deployment"];
  host = spawn(process.execPath, [path.join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack"), "127.0.0.1:1", "."], {
    cwd: path.join(ROOT, "policies"),
    env: { ...process.env, PULUMI_CONFIG: JSON.stringify({ "gpu-inference:deployment": JSON.stringify(spec) }), PULUMI_NODEJS_STACK: "dev", PULUMI_NODEJS_PROJECT: "gpu-inference" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  host.stderr!.on("data", (d) => (err += d));
  const port = await new Promise<string>((resolve, reject) => {
    host.stdout!.on("data", (d) => {
      out += d;
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    host.on("exit", (code) => reject(new Error(`policy host exited ${code}: ${err}`)));
  });
  client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120_000);

afterAll(() => {
  host?.kill();
});

function analyzeRequest(r: ReturnType<typeof res>) {
  const req = new messages.AnalyzeRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setUrn(r.urn);
  req.setProperties(Struct.fromJavaScript(r.inputs));
  req.setOptions(new messages.AnalyzerResourceOptions());
  return req;
}

describe("the pack under the real policy host", () => {
  it("serves every rule the offline checker runs, with its default level", async () => {
    const info = await call<any>("getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe(PACK_NAME);
    expect(info.getVersion()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")).version);
    const served = info.getPoliciesList().map((p: any) => p.getName());
    expect(served).toEqual(RULES.map((r) => r.policy.name));
  });

  it("reports the same finding as gpukit check for the same resource, at the configured level", async () => {
    const req = new messages.ConfigureAnalyzerRequest();
    const pc = new messages.PolicyConfig();
    pc.setEnforcementlevel(messages.EnforcementLevel.MANDATORY);
    pc.setProperties(Struct.fromJavaScript({}));
    req.getPolicyconfigMap().set("sec-no-public-ip-gpu-hosts", pc);
    const adv = new messages.PolicyConfig();
    adv.setEnforcementlevel(messages.EnforcementLevel.ADVISORY);
    adv.setProperties(Struct.fromJavaScript({}));
    req.getPolicyconfigMap().set("comp-data-classification-tag", adv);
    await call("configure", req);

    const lt = res("alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "hangzhou-lt", { instanceType: "ecs.gn7i-c8g1.2xlarge", internetMaxBandwidthOut: 100, httpTokens: "required", systemDisk: { encrypted: true }, tags: TAGS });
    const response = await call<any>("analyze", analyzeRequest(lt));
    const fromHost = response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
    const rules = RULES.map((r) => r.policy);
    setStackContext(contextOf("dev")); // the offline side: the same spec the host read from PULUMI_CONFIG
    const offline = (await runPolicies(rules, [lt], { all: "disabled", "sec-no-public-ip-gpu-hosts": "mandatory", "comp-data-classification-tag": "advisory" }, { name: PACK_NAME, version: "0.1.0" })).violations;
    setStackContext(undefined);
    // the host prefixes each message with the rule's description
    const hostPicked = fromHost.filter((d: any) => ["sec-no-public-ip-gpu-hosts", "comp-data-classification-tag"].includes(d.policy));
    expect(hostPicked.map((d: any) => [d.policy, d.level, d.message.split("\n").slice(1).join("\n")])).toEqual(
      offline.map((v) => [v.policy, v.enforcementLevel === "mandatory" ? messages.EnforcementLevel.MANDATORY : messages.EnforcementLevel.ADVISORY, v.message]),
    );
    expect(offline.map((v) => v.message)).toEqual(["hangzhou-lt: internetMaxBandwidthOut is 100", "hangzhou-lt has data-classification unset; the spec says internal"]);
  });
});
