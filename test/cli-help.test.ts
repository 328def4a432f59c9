/**
 * `gpukit` on commander: help generated from each command's declared options, `--version`, the
 * no-argument behaviour, and the exit code and message of an unknown command or a bad option.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../cli/main";
import { runCli } from "./helpers/cli";

const TOP_HELP_START = "Usage: gpukit [options] [command]\n";

describe("gpukit --version and no arguments", () => {
  it("--version and -v print the package.json version and exit 0", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const result = await runCli([flag]);
      expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });

  it("no arguments prints the top-level help to stdout and exits 0, same as --help and `help`", async () => {
    const none = await runCli([]);
    expect(none.code).toBe(0);
    expect(none.stderr).toBe("");
    expect(none.stdout.startsWith(TOP_HELP_START)).toBe(true);
    expect(none.stdout).toContain("With no arguments gpukit prints this help and exits 0.");
    expect(await runCli(["--help"])).toEqual(none);
    expect(await runCli(["help"])).toEqual(none);
  });

  it("the top-level help lists every command with its summary, and help [command]", async () => {
    const { stdout } = await runCli(["--help"]);
    expect(stdout).toMatch(/^ {2}plan +Show what `pulumi up` would create for a stack \(offline, no credentials\)$/m);
    expect(stdout).toMatch(/^ {2}images +List the images each target pulls/m);
    expect(stdout).toMatch(/^ {2}size +Rank the GPU offerings that can serve a model/m);
    expect(stdout).toMatch(/^ {2}catalog \[view\] +List the GPU offerings/m);
    expect(stdout).toMatch(/^ {2}help \[command\] +print the help of a command$/m);
    expect(stdout).toContain("Exit codes: 0 done, 2 invalid input or config, 3 internal error.");
  });
});

describe("per-command help", () => {
  for (const command of COMMANDS) {
    it(`${command.name} --help lists every option it declares, with its description and default`, async () => {
      const result = await runCli([command.name, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout.startsWith(`Usage: gpukit ${command.name} [options]`)).toBe(true);
      const declared = Object.entries(command.options);
      expect(declared.length).toBeGreaterThan(0);
      // Help text is wrapped: compare with runs of whitespace collapsed.
      const flat = result.stdout.replace(/\s+/g, " ");
      for (const [name, option] of declared) {
        const flags = option.type === "boolean" ? `--${name}` : `--${name} <${option.valueName}>`;
        expect(flat, flags).toContain(` ${flags} `);
        expect(flat, flags).toContain(option.description.replace(/\s+/g, " "));
        if (option.default !== undefined) expect(flat, flags).toContain(`(default: "${option.default}")`);
      }
      expect(flat).toContain("-h, --help print this help");
      expect(flat).toContain("Exit codes: 0 done, 2 invalid");
      expect(flat).toContain(`Examples: gpukit ${command.name}`);
    });

    it(`gpukit help ${command.name} prints the same help as ${command.name} --help`, async () => {
      const viaHelp = await runCli(["help", command.name]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toBe((await runCli([command.name, "-h"])).stdout);
    });
  }

  it("plan --help is generated from its declarations (hand-written expectation)", async () => {
    const { stdout } = await runCli(["plan", "--help"]);
    expect(stdout).toContain(
      [
        "Options:",
        "  --stack <name>       stack name; reads stacks/Pulumi.<name>.yaml",
        "  --stack-file <path>  any stack file (Pulumi.<name>.yaml layout) instead of --stack",
        '  --format <format>    output: table, json, markdown (json is one JSON object) (default: "table")',
        "  -h, --help           print this help",
      ].join("\n"),
    );
  });
});

describe("bad input exits 2 with a message on stderr", () => {
  it("an unknown command names every command", async () => {
    for (const argv of [["deploy", "--stack", "dev"], ["help", "deploy"]]) {
      const result = await runCli(argv);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr: 'Unknown command "deploy"; commands: plan, check, cost, images, size, catalog, prices, smoke\nRun `gpukit --help` for usage.\n',
      });
    }
  });

  it("an unknown option names it, suggests a close one and points to the command's help", async () => {
    const result = await runCli(["plan", "--stak", "dev"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--stak'\n(Did you mean --stack?)\nRun `gpukit plan --help` for usage.\n",
    });
  });

  it("a missing option value, an extra argument and an unknown top-level option exit 2", async () => {
    const missing = await runCli(["size", "--model"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("error: option '--model <id>' argument missing\nRun `gpukit size --help` for usage.\n");
    const extra = await runCli(["images", "--stack", "dev", "extra"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("too many arguments for 'images'");
    expect(extra.stderr).toContain("Run `gpukit images --help` for usage.");
    const top = await runCli(["--verbose"]);
    expect(top).toEqual({ code: 2, stdout: "", stderr: "error: unknown option '--verbose'\nRun `gpukit --help` for usage.\n" });
  });

  it("a value the command rejects (UsageError) is printed with the pointer to its help", async () => {
    const result = await runCli(["images", "--stack", "dev", "--format", "yaml"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: '--format must be one of text, json, script (given "yaml")\nRun `gpukit images --help` for usage.\n',
    });
  });
});
