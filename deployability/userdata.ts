/**
 * Reading user-data as the host will: decode it (base64, gzip, or plain `#cloud-config` / shell),
 * split a `#cloud-config` document into the scripts it writes and the commands it runs, and find in
 * those scripts the instance-metadata reads and the container images they pull. Pure (node:zlib and
 * the `yaml` parser only).
 */
import { gunzipSync } from "node:zlib";
import { parse } from "yaml";

/** One piece of shell the host runs: a `write_files` entry, a `runcmd`/`bootcmd` item, or the whole user-data. */
export interface ShellText {
  /** `write_files:/path`, `runcmd[2]`, `bootcmd[0]` or `user-data`. */
  origin: string;
  text: string;
}

const PLAIN_STARTS = ["#cloud-config", "#!", "Content-Type:", "#cloud-boothook", "#include"];

function looksPlain(text: string): boolean {
  const head = text.trimStart();
  return PLAIN_STARTS.some((p) => head.startsWith(p));
}

/**
 * The user-data text of an input value: plain when it already reads as cloud-init input, else
 * base64-decoded (and gunzipped when compressed). Undefined for non-strings and masked values
 * (`[secret]`, `[output]`) the offline run could not resolve.
 */
export function decodeUserData(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "" || value === "[secret]" || value === "[output]") return undefined;
  if (looksPlain(value)) return value;
  const compact = value.replace(/\s+/g, "");
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    let bytes = Buffer.from(compact, "base64");
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch {
        return value;
      }
    }
    const text = bytes.toString("utf8");
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return text;
  }
  return value;
}

function decodeFileContent(content: unknown, encoding: unknown): string | undefined {
  if (typeof content !== "string") return undefined;
  const enc = typeof encoding === "string" ? encoding.toLowerCase() : "";
  if (enc === "b64" || enc === "base64") return Buffer.from(content, "base64").toString("utf8");
  if (enc === "gz+b64" || enc === "gzip+base64" || enc === "gz+base64" || enc === "gzip+b64") {
    return gunzipSync(Buffer.from(content, "base64")).toString("utf8");
  }
  return content;
}

/**
 * Parsed user-data, kept for the checks that read the same host's user-data one after another
 * (metadata-mode, mainland-registry): the YAML parse is the costly part. Bounded so a long-lived
 * process (the policy host) does not grow without limit.
 */
const SHELL_TEXTS_CACHE = new Map<string, readonly ShellText[]>();
const SHELL_TEXTS_CACHE_LIMIT = 256;

/** The shell pieces of a user-data text: for `#cloud-config`, every written file and every command; else the whole text. */
export function shellTexts(userData: string): ShellText[] {
  const cached = SHELL_TEXTS_CACHE.get(userData);
  if (cached) return [...cached];
  const texts = parseShellTexts(userData);
  if (SHELL_TEXTS_CACHE.size >= SHELL_TEXTS_CACHE_LIMIT) SHELL_TEXTS_CACHE.delete(SHELL_TEXTS_CACHE.keys().next().value as string);
  SHELL_TEXTS_CACHE.set(userData, texts);
  return [...texts];
}

function parseShellTexts(userData: string): ShellText[] {
  if (!userData.trimStart().startsWith("#cloud-config")) return [{ origin: "user-data", text: userData }];
  let doc: unknown;
  try {
    doc = parse(userData);
  } catch {
    return [{ origin: "user-data", text: userData }];
  }
  if (!doc || typeof doc !== "object") return [{ origin: "user-data", text: userData }];
  const d = doc as Record<string, unknown>;
  const out: ShellText[] = [];
  for (const f of Array.isArray(d.write_files) ? d.write_files : []) {
    const file = (f ?? {}) as Record<string, unknown>;
    const text = decodeFileContent(file.content, file.encoding);
    if (text !== undefined) out.push({ origin: `write_files:${String(file.path ?? "?")}`, text });
  }
  for (const key of ["bootcmd", "runcmd"]) {
    const items = Array.isArray(d[key]) ? (d[key] as unknown[]) : [];
    items.forEach((item, i) => {
      const text = Array.isArray(item) ? item.map(String).join(" ") : typeof item === "string" ? item : undefined;
      if (text !== undefined) out.push({ origin: `${key}[${i}]`, text });
    });
  }
  return out;
}

/** One shell command segment with where it came from. */
export interface Segment {
  origin: string;
  /** The logical line (continuations joined) the segment belongs to, trimmed. */
  line: string;
  /** The command segment itself, trimmed. */
  text: string;
}

/**
 * Command segments of shell texts: logical lines (backslash continuations joined, comments
 * dropped) split at `;`, `&&`, `||`, `|`, `$(`, backticks, `{`, `}` and `(`/`)`.
 */
export function segments(texts: readonly ShellText[]): Segment[] {
  const out: Segment[] = [];
  for (const t of texts) {
    const logical = t.text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
    for (const raw of logical) {
      // `${NAME}` → `$NAME` so that the braces do not split the segment
      const line = raw.trim().replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, "$$$1");
      if (!line || line.startsWith("#")) continue;
      for (const part of line.split(/;|&&|\|\||\||\$\(|`|\{|\}|\(|\)/)) {
        const text = part.trim();
        if (text) out.push({ origin: t.origin, line, text });
      }
    }
  }
  return out;
}

const ASSIGNMENT = /^(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** Variable assignments in the segments (`NAME=value`, `export NAME=value`), quotes stripped; last one wins. */
export function assignments(segs: readonly Segment[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const s of segs) {
    const m = ASSIGNMENT.exec(s.text);
    if (m) vars.set(m[1]!, unquote(m[2]!.trim()));
  }
  return vars;
}

function unquote(s: string): string {
  if ((s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"'))) return s.slice(1, -1);
  return s;
}

/** A metadata read found in the scripts. */
export interface MetadataRead {
  origin: string;
  /** The command segment (curl/wget) that reads. */
  command: string;
  /** The metadata host it reads from. */
  host: string;
  /** The token request itself (`.../api/token`), which needs no token. */
  tokenRequest: boolean;
  /** Header names (lower case) the command sends. */
  headers: string[];
}

/** Header names a curl/wget command sends (`-H 'Name: v'`, `--header=Name: v`, `--header 'Name: v'`). */
export function sentHeaders(command: string): string[] {
  const out: string[] = [];
  const re = /(?:-H|--header)(?:\s+|=)(?:'([^']*)'|"([^"]*)"|(\S+))/g;
  for (const m of command.matchAll(re)) {
    const value = m[1] ?? m[2] ?? m[3] ?? "";
    const name = value.split(":")[0]?.trim().toLowerCase();
    if (name) out.push(name);
  }
  return out;
}

/**
 * Metadata reads: curl/wget command segments that name a metadata host, directly or through a
 * variable assigned a URL on that host.
 */
export function metadataReads(texts: readonly ShellText[], hosts: readonly string[]): MetadataRead[] {
  const segs = segments(texts);
  const vars = assignments(segs);
  const hostVars = new Map<string, string>();
  for (const [name, value] of vars) {
    const host = hosts.find((h) => value.includes(h));
    if (host) hostVars.set(name, host);
  }
  const out: MetadataRead[] = [];
  for (const s of segs) {
    if (!/(^|\s|\/)(curl|wget)(\s|$)/.test(s.text)) continue;
    let host = hosts.find((h) => s.text.includes(h));
    if (!host) {
      for (const [name, h] of hostVars) {
        if (s.text.includes(`$${name}`) || s.text.includes(`\${${name}}`)) host = h;
      }
    }
    if (!host) continue;
    out.push({ origin: s.origin, command: s.text, host, tokenRequest: /\/api\/token\b/.test(s.text), headers: sentHeaders(s.text) });
  }
  return out;
}

/** `docker run` options that take a separate value. */
const RUN_OPTS_WITH_VALUE = new Set([
  "-a", "--attach", "--add-host", "--cap-add", "--cap-drop", "--cgroup-parent", "--cidfile", "--cpu-shares", "-c", "--cpus", "--cpuset-cpus",
  "--device", "--dns", "--entrypoint", "-e", "--env", "--env-file", "--expose", "--gpus", "-h", "--hostname", "--ipc", "-l", "--label",
  "--log-driver", "--log-opt", "-m", "--memory", "--mount", "--name", "--network", "--net", "-p", "--publish", "--platform", "--pull",
  "--restart", "--runtime", "--security-opt", "--shm-size", "--stop-signal", "--stop-timeout", "--tmpfs", "-u", "--user", "--ulimit",
  "-v", "--volume", "--volumes-from", "-w", "--workdir", "--health-cmd", "--health-interval", "--health-retries", "--health-timeout",
  "--health-start-period", "--pid", "--userns", "--uts", "--memory-swap", "--oom-score-adj", "--sysctl", "--group-add", "--label-file",
]);

/** An image a script pulls or runs. */
export interface ImagePull {
  origin: string;
  command: string;
  image: string;
}

function words(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

function expand(word: string, vars: Map<string, string>): string {
  return word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a: string | undefined, b: string | undefined) => vars.get((a ?? b)!) ?? all);
}

/**
 * Images the scripts pull or run: `docker|podman|nerdctl pull IMAGE`, `ctr [-n ns] images pull IMAGE`
 * and the image argument of `docker|podman|nerdctl run [options] IMAGE`. Variables assigned in the
 * scripts (or env files written by them) are expanded.
 */
export function imagePulls(texts: readonly ShellText[]): ImagePull[] {
  const segs = segments(texts);
  const vars = assignments(segs);
  const out: ImagePull[] = [];
  for (const s of segs) {
    const w = words(s.text).map((x) => x.replace(/^.*\/(docker|podman|nerdctl|ctr)$/, "$1"));
    const at = w.findIndex((x) => x === "docker" || x === "podman" || x === "nerdctl" || x === "ctr");
    if (at < 0) continue;
    const rest = w.slice(at + 1);
    const verb = rest.findIndex((x) => x === "pull" || x === "run");
    if (verb < 0) continue;
    const args = rest.slice(verb + 1);
    let image: string | undefined;
    if (rest[verb] === "pull") image = args.find((a) => !a.startsWith("-"));
    else {
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a === "--") continue;
        if (a.startsWith("-")) {
          if (!a.includes("=") && RUN_OPTS_WITH_VALUE.has(a)) i++;
          continue;
        }
        image = a;
        break;
      }
    }
    if (image) out.push({ origin: s.origin, command: s.text, image: expand(image, vars) });
  }
  return out;
}
