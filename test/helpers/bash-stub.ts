/**
 * Running a boot script's bash for real against a loopback stub: `curl` shadowed by a bash function
 * that sends the cloud's hosts to the stub (keeping the `Host` header where the signature covers it),
 * and a clean `bash` without rc files.
 */
import { spawn } from "node:child_process";

/** One host the shadowed `curl` redirects: URLs starting with `from` go to the stub, path kept. */
export interface CurlRedirect {
  /** URL prefix, e.g. `https://ssm.tencentcloudapi.com/` or `http://100.96.0.96/`. */
  from: string;
  /** `Host` header to send, for APIs whose signature covers the host. */
  host?: string;
  /** Only the exact URL `from` (no path after it) is redirected. Defaults to false (prefix). */
  exact?: boolean;
}

/** A bash `curl` function that sends every `redirects` URL to `http://127.0.0.1:<port>/…` and runs the real curl. */
export function curlRedirectFunction(port: number, redirects: readonly CurlRedirect[]): string {
  const cases = redirects.map(({ from, host, exact }) => {
    const header = host ? `a+=(-H "Host: ${host}"); ` : "";
    return exact ? `      ${from}) ${header}x=http://127.0.0.1:${port}/ ;;` : `      ${from}*) ${header}x=http://127.0.0.1:${port}/\${x#${from}} ;;`;
  });
  return ["curl() {", "  local a=() x", '  for x in "$@"; do', "    case $x in", ...cases, "    esac", '    a+=("$x")', "  done", '  command curl "${a[@]}"', "}"].join("\n");
}

/** Runs `script` with `bash -c`, PATH only, no rc files; resolves with its exit code and output. */
export function runBash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // --norc: bash reads ~/.bashrc when its stdin is a socket (as node's pipes are)
    const child = spawn("bash", ["--norc", "--noprofile", "-c", script], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
