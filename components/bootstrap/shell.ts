/**
 * Shell quoting for the bash scripts the bootstrap renders. Every value that comes from the plan
 * (image, command arguments, paths, bucket URIs, secret store names) passes through {@link shellQuote}
 * before it is put into a script, so a plan value can never inject shell syntax.
 */

/** Characters that never need quoting in bash (no globbing, expansion, word splitting or history). */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one argument for bash. Safe words are returned unchanged; anything else is wrapped in single
 * quotes, with embedded single quotes written as `'\''`. The empty string becomes `''`.
 */
export function shellQuote(arg: string): string {
  if (arg.includes("\0")) throw new Error("shell argument contains a NUL byte");
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes every argument with {@link shellQuote} and joins them with single spaces. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}

/** Environment variable names accepted in env files and scripts: POSIX portable names. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws unless `name` is a portable environment variable name (letters, digits, `_`, not leading digit). */
export function assertEnvName(name: string): string {
  if (!ENV_NAME.test(name)) throw new Error(`invalid environment variable name: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Renders a `docker run --env-file` file: one `KEY=VALUE` line per entry, sorted by key. Docker reads
 * values literally (no quotes, no expansion), so values must be single-line; a newline throws.
 */
export function renderEnvFile(env: Record<string, string>): string {
  const lines = Object.keys(env)
    .sort()
    .map((key) => {
      const value = env[key] ?? "";
      if (/[\r\n]/.test(value)) throw new Error(`environment value of ${key} contains a line break`);
      return `${assertEnvName(key)}=${value}`;
    });
  return lines.length ? `${lines.join("\n")}\n` : "";
}
