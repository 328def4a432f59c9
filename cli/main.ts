/**
 * `gpukit`: the kit's command line. Sub-commands parse their own options (Node's util.parseArgs,
 * strict); errors map to exit codes: 0 done, 2 invalid input or config, 3 internal error.
 */
import { parseArgs } from "node:util";
import { ConfigError, formatIssue } from "../components/spec";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./command";
import { catalogCommand } from "./commands/catalog";
import { planCommand } from "./commands/plan";
import { sizeCommand } from "./commands/size";

/** Every sub-command, in help order. */
export const COMMANDS: readonly CliCommand[] = [planCommand, sizeCommand, catalogCommand];

/** Top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "gpukit — plan, size and price self-hosted LLM inference on GPUs (AWS, Alibaba Cloud, Tencent Cloud, Volcano Engine)",
    "",
    "Usage: gpukit <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `gpukit <command> --help` for a command's options.",
    "Exit codes: 0 done, 2 invalid input or config, 3 internal error.",
  ].join("\n");
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp() + "\n");
    return name ? EXIT.ok : EXIT.invalid;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(", ")}\n`);
    return EXIT.invalid;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: command.name === "catalog",
    });
    if (values.help) {
      io.stdout(command.help + "\n");
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`Invalid configuration (${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}); nothing was registered:\n`);
      for (const issue of error.issues) io.stderr(`  ${formatIssue(issue)}\n`);
      return EXIT.invalid;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`${(error as Error).message}\nRun \`gpukit ${command.name} --help\` for usage.\n`);
      return EXIT.invalid;
    }
    if ((error as Error).name === "OfflineRunError") {
      io.stderr(`${(error as Error).message}\n`);
      return EXIT.internal;
    }
    io.stderr(`Internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
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
