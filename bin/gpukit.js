#!/usr/bin/env node
// Entry shim for the `gpukit` command: loads the TypeScript CLI through tsx's CommonJS hook,
// so the kit runs straight from source after `npm ci` with no build step.
"use strict";
const Module = require("node:module");

/** Commands that load the offline runner (and so the Pulumi SDK). */
const OFFLINE_COMMANDS = new Set(["plan", "images", "cost", "check", "smoke"]);

/**
 * Modules the Pulumi SDK requires eagerly but an offline run never calls: npm's dependency-tree
 * library (function-closure code paths, ~0.35 s) and TypeScript (closure parsing, ~0.33 s). Each
 * is replaced in the require cache by a proxy that loads the real module on first use, so
 * nothing changes if something does call them.
 */
const DEFERRED_SDK_MODULES = [
  ["@pulumi/pulumi/typescript-shim", "@pulumi/pulumi/package.json"],
  ["@npmcli/arborist", "@pulumi/pulumi/runtime/closure/codePaths.js"],
];

/** Puts a load-on-first-use proxy for `request` (resolved from the module `from`) into the require cache. */
function deferModule(request, from) {
  let file;
  try {
    file = require.resolve(request, { paths: [require.resolve(from)] });
  } catch {
    return; // not installed where expected: nothing to defer
  }
  if (Module._cache[file]) return;
  let real;
  const load = () => {
    if (real === undefined) {
      delete Module._cache[file];
      real = require(file);
    }
    return real;
  };
  const exportsProxy = new Proxy(
    {},
    {
      // `__importStar` returns an ES-module-looking value as is, without enumerating its keys.
      get: (_target, key) => (key === "__esModule" ? true : load()[key]),
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  const stub = new Module(file, null);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = exportsProxy;
  Module._cache[file] = stub;
}

if (OFFLINE_COMMANDS.has(process.argv[2])) {
  for (const [request, from] of DEFERRED_SDK_MODULES) deferModule(request, from);
  // Load the Pulumi SDK before the tsx hook is registered, so its ~400 files skip the hook.
  require("@pulumi/pulumi");
}
require("tsx/cjs");
require("../cli/main.ts").runCli();
