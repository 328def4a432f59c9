/**
 * `gpukit`: the kit's command line, on `commander`. Each sub-command declares its options once
 * (`cli/command.ts`); the help of `gpukit --help`, `gpukit <command> --help` and `gpukit help
 * <command>` is generated from those declarations. `gpukit` with no arguments prints the top-level
 * help to stdout and exits 0 (asking for nothing is not an error). Exit codes: 0 done, 2 invalid
 * input or config (unknown command, bad option, invalid stack), 3 internal error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, Option, type Argument } from "commander";
import { ConfigError, formatIssue } from "../components/spec";
import { EXIT, UsageError, type CliCommand, type CliIo, type CliValues } from "./command";
import { catalogCommand } from "./commands/catalog";
import { checkCommand } from "./commands/check";
import { costCommand } from "./commands/cost";
import { pricesCommand } from "./commands/prices";
import { imagesCommand } from "./commands/images";
import { planCommand } from "./commands/plan";
import { sizeCommand } from "./commands/size";
import { smokeCommand } from "./commands/smoke";

/** Every sub-command, in help order. */
export const COMMANDS: readonly CliCommand[] = [planCommand, checkCommand, costCommand, imagesCommand, sizeCommand, catalogCommand, pricesCommand, smokeCommand];

/** Columns the help text is wrapped at, whatever the terminal (stable output for docs and tests). */
export const HELP_WIDTH = 100;

/** The kit's version, from package.json. */
export function cliVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** `help [command]`-style term of a command in the top-level list: its name and its arguments. */
function commandTerm(cmd: Command): string {
  const args = cmd.registeredArguments.map((a: Argument) => {
    const name = a.name() + (a.variadic ? "..." : "");
    return a.required ? `<${name}>` : `[${name}]`;
  });
  return [cmd.name(), ...args].join(" ");
}

/** `--name <value>` or `--name`: the commander flags of a declared option. */
function flagsOf(name: string, option: CliCommand["options"][string]): string {
  return option.type === "boolean" ? `--${name}` : `--${name} <${option.valueName ?? "value"}>`;
}

/** Where an action leaves the exit code of the command it ran (default 0 until one runs). */
export interface RunState {
  code: number;
}

/**
 * Builds the commander program for `commands`: output to `io`, errors thrown (never
 * `process.exit`), help from each command's declared options, `--version` from package.json.
 */
export function buildProgram(commands: readonly CliCommand[], io: CliIo, state: RunState = { code: EXIT.ok }): Command {
  const program = new Command("gpukit")
    .description("Plan, size and price self-hosted LLM inference on GPUs (AWS, Alibaba Cloud, Tencent Cloud, Volcano Engine).")
    .version(cliVersion(), "-v, --version", "print the gpukit version")
    .helpOption("-h, --help", "print this help")
    .helpCommand("help [command]", "print the help of a command")
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t), getOutHasColors: () => false, getErrHasColors: () => false })
    .configureHelp({ helpWidth: HELP_WIDTH, subcommandTerm: commandTerm })
    .exitOverride()
    .showHelpAfterError("Run `gpukit --help` for usage.")
    .addHelpText(
      "after",
      [
        "",
        "Run `gpukit <command> --help` (or `gpukit help <command>`) for a command's options.",
        "With no arguments gpukit prints this help and exits 0.",
        "Exit codes: 0 done, 2 invalid input or config, 3 internal error.",
      ].join("\n"),
    );

  for (const command of commands) {
    const sub = program
      .command(command.name)
      .summary(command.summary)
      .description(command.description ?? command.summary)
      .showHelpAfterError(`Run \`gpukit ${command.name} --help\` for usage.`);
    for (const arg of command.arguments ?? []) sub.argument(arg.syntax, arg.description);
    const attributes: Array<[string, string]> = [];
    for (const [name, declared] of Object.entries(command.options)) {
      const option = new Option(flagsOf(name, declared), declared.description);
      if (declared.default !== undefined) option.default(declared.default);
      sub.addOption(option);
      attributes.push([name, option.attributeName()]);
    }
    if (command.helpAfter) sub.addHelpText("after", `\n${command.helpAfter}`);
    sub.action(async function (this: Command) {
      const opts = this.opts<Record<string, string | boolean | undefined>>();
      const values: CliValues = Object.fromEntries(attributes.map(([name, attribute]) => [name, opts[attribute]]));
      state.code = await command.run(values, [...this.args], io);
    });
  }
  return program;
}

/** Prints a command's error as the exit-code contract says; returns the exit code. */
function reportError(error: unknown, commandName: string | undefined, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander printed the message (and the pointer to the help); help and --version exit 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
  }
  if (error instanceof ConfigError) {
    io.stderr(`Invalid configuration (${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}); nothing was registered:\n`);
    for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}\n`);
    return EXIT.invalid;
  }
  if (error instanceof UsageError) {
    io.stderr(`${error.message}\nRun \`${commandName ? `gpukit ${commandName}` : "gpukit"} --help\` for usage.\n`);
    return EXIT.invalid;
  }
  if ((error as Error).name === "OfflineRunError") {
    io.stderr(`${(error as Error).message}\n`);
    return EXIT.internal;
  }
  io.stderr(`Internal error: ${(error as Error).stack ?? String(error)}\n`);
  return EXIT.internal;
}

/**
 * Runs the CLI with `argv` (without node and script) against `commands` (default {@link COMMANDS});
 * resolves to the exit code and never exits the process.
 */
export async function main(argv: string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const state: RunState = { code: EXIT.ok };
  const program = buildProgram(commands, io, state);
  const names = commands.map((c) => c.name);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  // An unknown command (also after `help`) names every command, not only a close match.
  const [first, second] = argv;
  const asked = first === "help" ? second : first;
  if (asked !== undefined && !asked.startsWith("-") && asked !== "help" && !names.includes(asked)) {
    io.stderr(`Unknown command ${JSON.stringify(asked)}; commands: ${names.join(", ")}\nRun \`gpukit --help\` for usage.\n`);
    return EXIT.invalid;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return state.code;
  } catch (error) {
    return reportError(error, names.find((n) => n === first), io);
  }
}

/** Runs the CLI on `process.argv` and exits with its code (used by `bin/gpukit.js`). */
export function runCli(): void {
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  main(process.argv.slice(2), io).then(
    // Let stdout drain, then exit: Pulumi's runtime keeps handles open after an offline run.
    (code) => process.stdout.write("", () => process.exit(code)),
    (error) => {
      process.stderr.write(`Internal error: ${String(error)}\n`);
      process.exit(EXIT.internal);
    },
  );
}

if (require.main === module) runCli();
