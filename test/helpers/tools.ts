/**
 * The Debian validators the user-data tests run (`cloud-init schema`, `shellcheck`). Missing tools
 * skip those tests with a warning locally and fail them in CI (`CI` set).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** True when `bin` is on PATH. */
export function hasTool(bin: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" }).status === 0;
}

/** Exit status and output of one `cloud-init schema --config-file` run. */
export interface ToolResult {
  status: number | null;
  output: string;
}

/** Results of {@link cloudInitSchemaAll}, by file. */
const schemaResults = new Map<string, ToolResult>();

/** Runs `cloud-init schema` on a file (from {@link cloudInitSchemaAll}'s batch when it covered the file). */
export function cloudInitSchema(file: string): ToolResult {
  const batched = schemaResults.get(file);
  if (batched) return batched;
  const r = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * `cloud-init schema --config-file` for many files in ONE interpreter: the same handler the command
 * runs (`cloudinit.config.schema.handle_schema_args`), called once per file with the arguments the
 * command line would give it, its output and exit status captured per file. Starting cloud-init
 * costs ~1 s of Python imports per process; a variant matrix paid it 45 times. Later
 * {@link cloudInitSchema} calls for these files read the batch's results.
 */
export function cloudInitSchemaAll(files: readonly string[]): void {
  const todo = files.filter((f) => !schemaResults.has(f));
  if (!todo.length) return;
  const entry = spawnSync("sh", ["-c", "command -v cloud-init"], { encoding: "utf8" }).stdout.trim();
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(entry, "utf8"))?.[1] ?? "python3";
  const script = [
    "import argparse, contextlib, io, json, sys",
    "from cloudinit.config.schema import handle_schema_args",
    "out = {}",
    "for f in sys.argv[1:]:",
    "    buf, status = io.StringIO(), 0",
    "    try:",
    "        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):",
    "            handle_schema_args('schema', argparse.Namespace(config_file=f, docs=None, system=False, annotate=False))",
    "    except SystemExit as e:",
    "        status = e.code if isinstance(e.code, int) else 1",
    "    out[f] = {'status': status, 'output': buf.getvalue()}",
    "print(json.dumps(out))",
  ].join("\n");
  const r = spawnSync(shebang, ["-c", script, ...todo], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`batched cloud-init schema failed (${r.status}): ${r.stderr}`);
  for (const [file, result] of Object.entries(JSON.parse(r.stdout) as Record<string, ToolResult>)) schemaResults.set(file, result);
}

/** Findings of {@link shellcheckAll}, by file ("" when the file is clean). */
const shellcheckResults = new Map<string, string>();

/**
 * Runs `shellcheck -s bash` on files; returns the exit status and the findings. Files that
 * {@link shellcheckAll} already checked are answered from its batch (status 1 when any has findings).
 */
export function shellcheck(files: string[]): ToolResult {
  if (files.length && files.every((f) => shellcheckResults.has(f))) {
    const output = files.map((f) => shellcheckResults.get(f)!).join("");
    return { status: output ? 1 : 0, output };
  }
  const r = spawnSync("shellcheck", ["-s", "bash", "-f", "gcc", ...files], { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * `shellcheck -s bash -f gcc` over many files in one process (shellcheck checks each file on its
 * own, so one run equals one run per file); each file's findings are the gcc-format lines that
 * start with its path. Later {@link shellcheck} calls for these files read the batch.
 */
export function shellcheckAll(files: readonly string[]): void {
  const todo = files.filter((f) => !shellcheckResults.has(f));
  if (!todo.length) return;
  const r = spawnSync("shellcheck", ["-s", "bash", "-f", "gcc", ...todo], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`batched shellcheck failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.split("\n").filter(Boolean);
  for (const f of todo) {
    const own = lines.filter((l) => l.startsWith(`${f}:`));
    shellcheckResults.set(f, own.length ? `${own.join("\n")}\n` : "");
  }
}

/** Writes every bash script of a cloud-config's `write_files` into `dir`; returns their paths. */
export function extractScripts(userData: string, dir: string): string[] {
  const doc = parse(userData) as { write_files?: { path: string; content?: string }[] };
  mkdirSync(dir, { recursive: true });
  return (doc.write_files ?? [])
    .filter((f) => f.content?.startsWith("#!/bin/bash"))
    .map((f) => {
      const path = join(dir, f.path.replace(/\//g, "_"));
      writeFileSync(path, f.content!);
      return path;
    });
}
