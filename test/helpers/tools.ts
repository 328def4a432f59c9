/**
 * The Debian validators the user-data tests run (`cloud-init schema`, `shellcheck`). Missing tools
 * skip those tests with a warning locally and fail them in CI (`CI` set).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** True when `bin` is on PATH. */
export function hasTool(bin: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" }).status === 0;
}

/** Runs `cloud-init schema` on a file; returns the exit status and what it printed. */
export function cloudInitSchema(file: string): { status: number | null; output: string } {
  const r = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Runs `shellcheck -s bash` on files; returns the exit status and the findings. */
export function shellcheck(files: string[]): { status: number | null; output: string } {
  const r = spawnSync("shellcheck", ["-s", "bash", "-f", "gcc", ...files], { encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
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
