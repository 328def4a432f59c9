/**
 * The shape of a `gpukit` sub-command. `cli/main.ts` parses arguments with Node's `util.parseArgs`
 * using each command's `options`, prints per-command help, and maps thrown errors to exit codes.
 */
import type { ParseArgsConfig } from "node:util";

/** Exit codes of every command: 0 done, 2 invalid input or config, 3 internal error. */
export const EXIT = { ok: 0, invalid: 2, internal: 3 } as const;

/** Where a command writes. Tests pass collectors; the CLI passes process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Thrown by a command for bad user input: printed to stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** One sub-command. */
export interface CliCommand {
  /** Sub-command name, e.g. `plan`. */
  name: string;
  /** One line for `gpukit --help`. */
  summary: string;
  /** Full help text for `gpukit <name> --help` (usage line, options, examples). */
  help: string;
  /** Options for `util.parseArgs` (strict; `--help` is added by main). */
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Runs the command; resolves to the exit code. Throw {@link UsageError} for bad input. */
  run(values: Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: string[], io: CliIo): Promise<number>;
}
