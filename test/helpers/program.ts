/**
 * The Pulumi program for in-process offline runs that share one module graph: every call evaluates
 * `stacks/index.ts` anew (a new module instance, keyed by a query string) while everything it
 * imports — the SDK, the catalog, the components — stays loaded. Sequential runs are independent:
 * each `runOffline` installs fresh mocks, config and runtime options (the SDK's `setMocks` resets
 * them), so test files need no fresh module graph (and no second SDK load) per program run.
 */
let runs = 0;

/** Imports a fresh instance of the program module, which registers its resources once more. */
export function freshProgram(): Promise<unknown> {
  runs += 1;
  return import(/* @vite-ignore */ `../../stacks/index.ts?run=${runs}`);
}

