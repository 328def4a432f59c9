#!/usr/bin/env node
// Entry shim for the `gpukit` command: loads the TypeScript CLI through tsx's CommonJS hook,
// so the kit runs straight from source after `npm ci` with no build step.
"use strict";
require("tsx/cjs");
require("../cli/main.ts").runCli();
