#!/usr/bin/env node
/**
 * The SDK registration floor: re-registers the resources of a recorded offline plan
 * (`gpukit plan --format json`) through the bare Pulumi SDK under its own runtime mocks — same
 * types, names, parents, providers and inputs, same count, each through the provider SDK's own
 * class where one exists (`aws:ec2/subnet:Subnet` → `aws.ec2.Subnet`, so each resource creates the
 * Outputs its class declares, as in the kit's run) — with none of the kit's code (no spec, plan,
 * adapters, recorder or checks) and with stack capture off as in an offline run. What this takes
 * is what the SDK alone needs to register those resources; the kit cannot be faster than it while
 * it runs the real program under the SDK (bench/fleet.ts prints it beside the fleet rows).
 * Tencent Cloud and Volcano Engine types have no SDK on the registry (the kit's thin classes are
 * kit code): they replay as generic `CustomResource`s, as do the kit's components.
 *
 * Plain JavaScript on purpose: no TypeScript loader in the measured process.
 *
 * Usage: node bench/sdk-replay.js <plan.json>
 * Prints `{"resources": N, "viaSdkClasses": C, "registerMs": M}` on stdout (M: from the first
 * registration until the SDK has nothing left to do, in ms).
 */
"use strict";
const fs = require("node:fs");
const pulumi = require("@pulumi/pulumi");

/** Type tokens of the kit's own components (`<project>:<module>:<Name>`, not a provider package). */
const COMPONENT_PREFIX = "gpu-inference:";

/** Provider SDKs on the registry, by package name of the type token. */
const PACKAGES = { aws: "@pulumi/aws", alicloud: "@pulumi/alicloud", kubernetes: "@pulumi/kubernetes", random: "@pulumi/random", postgresql: "@pulumi/postgresql" };

/**
 * The SDK class for a type token, e.g. `aws:ec2/launchTemplate:LaunchTemplate` → `aws.ec2.LaunchTemplate`,
 * `kubernetes:apps/v1:Deployment` → `k8s.apps.v1.Deployment`, `random:index/randomPassword:RandomPassword`
 * → `random.RandomPassword`; undefined when the package has no SDK here or no such class.
 */
function sdkClass(type) {
  const [pkg, module, name] = type.split(":");
  if (!(pkg in PACKAGES) || !module || !name) return undefined;
  let namespace = require(PACKAGES[pkg]);
  const path = pkg === "kubernetes" ? module.split("/") : [module.split("/")[0]];
  for (const part of path) if (part !== "index") namespace = namespace?.[part];
  const cls = namespace?.[name];
  return typeof cls === "function" ? cls : undefined;
}

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error("usage: node bench/sdk-replay.js <plan.json>");
  const { stack, resources } = JSON.parse(fs.readFileSync(file, "utf8"));
  // As cli/offline/stack-capture.ts does for an offline run: no call-stack capture, and promises
  // tracked as leak candidates without their creation stack (same then/catch chain as the SDK's).
  Error.stackTraceLimit = 0;
  pulumi.Resource.callsites = () => [];
  const debuggable = require("@pulumi/pulumi/runtime/debuggable");
  const state = require("@pulumi/pulumi/runtime/state");
  debuggable.debuggablePromise = (p) => {
    const candidates = state.getStore().leakCandidates;
    candidates.add(p);
    return p.then((value) => (candidates.delete(p), value)).catch((error) => {
      candidates.delete(p);
      throw error;
    });
  };
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }), call: (args) => args.inputs },
    "gpu-inference",
    stack,
    false,
  );
  const start = process.hrtime.bigint();
  /** URN (and provider reference `urn::id`) → the replayed resource. */
  const byUrn = new Map();
  let classes = 0;
  /** The replayed resource of a recorded URN; a reference to one not replayed yet is an error. */
  const replayed = (urn) => {
    const resource = byUrn.get(urn);
    if (!resource) throw new Error(`${urn} is referenced before it is registered`);
    return resource;
  };
  for (const r of resources) {
    const opts = { parent: r.parent ? replayed(r.parent) : undefined, protect: r.protect };
    let resource;
    if (r.type.startsWith(COMPONENT_PREFIX)) {
      resource = new pulumi.ComponentResource(r.type, r.name, {}, opts);
      resource.registerOutputs({});
    } else if (r.type.startsWith("pulumi:providers:")) {
      resource = new pulumi.ProviderResource(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts);
    } else {
      const customOpts = { ...opts, provider: r.provider ? replayed(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined };
      const Class = sdkClass(r.type);
      resource = Class ? new Class(r.name, r.inputs, customOpts) : new pulumi.CustomResource(r.type, r.name, r.inputs, customOpts);
      if (Class) classes++;
    }
    byUrn.set(r.urn, resource);
  }
  await pulumi.runtime.disconnect();
  const registerMs = Number(process.hrtime.bigint() - start) / 1e6;
  // The replay must register what was recorded: every URN the SDK assigned equals the recorded one.
  const urns = await Promise.all([...byUrn.values()].map((resource) => resource.urn.promise()));
  const mismatched = [...byUrn.keys()].filter((urn, i) => urns[i] !== urn);
  if (mismatched.length) throw new Error(`${mismatched.length} replayed URN(s) differ from the recording, first: ${mismatched[0]}`);
  process.stdout.write(`${JSON.stringify({ resources: resources.length, viaSdkClasses: classes, registerMs: Math.round(registerMs) })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
