/**
 * Output of `gpukit images`: per target the engine image it pulls and its public source, then the
 * commands that copy each public image to its registry mirror (skopeo, or docker pull/tag/push),
 * once per (public, mirror) pair. Three formats: text, JSON, and a runnable bash script whose
 * every image reference passes through {@link shellQuote}.
 */
import type { Cloud } from "../../catalog";
import { shellQuote } from "../../components/bootstrap/shell";

/** What an image is for on its target. */
export type ImageRole = "engine" | "gateway" | "rate-limit-store" | "moderation-filter" | "vector-database";

/** One image a target's hosts pull: the engine's, and the gateway's, filter's and vector database's beside it. */
export interface TargetImage {
  /** Target name from the spec. */
  target: string;
  /** What the image is for. Defaults to `engine` where absent. */
  role?: ImageRole;
  cloud: Cloud;
  region: string;
  /** Public source image, e.g. `vllm/vllm-openai:v0.29.0` (Docker Hub when it names no registry); for `via: build`, the build context directory. */
  public: string;
  /** The copy in the target's registry mirror it pulls instead; null when it pulls `public` itself. */
  mirror: string | null;
  /** Where the host pulls from: the mirror copy, the public registry, or the spec's `engine.image` as given. Not in the JSON. */
  via: "mirror" | "public" | "engine-image" | "build";
}

/** One image to copy: from its public home to a mirror. */
export interface ImageCopy {
  public: string;
  mirror: string;
}

/** What `gpukit images --format json` prints. */
export interface ImagesJson {
  images: Array<Omit<TargetImage, "via" | "role"> & { role: ImageRole; build: boolean }>;
}

/** Images the operator builds from the kit's sources and pushes (no public image to copy), each once. */
export function imageBuilds(images: readonly TargetImage[]): ImageCopy[] {
  const seen = new Set<string>();
  return images.filter((i) => i.via === "build" && i.mirror !== null && !seen.has(i.mirror) && seen.add(i.mirror)).map((i) => ({ public: i.public, mirror: i.mirror! }));
}

/** `docker build -t <image> <context> && docker push <image>`. */
export function buildCommand(build: ImageCopy): string {
  return `docker build -t ${shellQuote(build.mirror)} ${shellQuote(build.public)} && docker push ${shellQuote(build.mirror)}`;
}

/** Copies the targets need, each (public, mirror) pair once, in target order. */
export function imageCopies(images: readonly TargetImage[]): ImageCopy[] {
  const seen = new Set<string>();
  const copies: ImageCopy[] = [];
  for (const image of images) {
    if (image.mirror === null || image.via === "build") continue;
    const key = `${image.public} ${image.mirror}`;
    if (seen.has(key)) continue;
    seen.add(key);
    copies.push({ public: image.public, mirror: image.mirror });
  }
  return copies;
}

/** `skopeo copy --all docker://<public> docker://<mirror>`: copies every platform of the image. */
export function skopeoCommand(copy: ImageCopy): string {
  return `skopeo copy --all ${shellQuote(`docker://${copy.public}`)} ${shellQuote(`docker://${copy.mirror}`)}`;
}

/**
 * `docker pull` of each public image once, then `docker tag` and `docker push` per mirror: copies
 * only the platform of the machine it runs on.
 */
export function dockerCommands(copies: readonly ImageCopy[]): string[] {
  const commands: string[] = [];
  for (const source of [...new Set(copies.map((c) => c.public))]) {
    commands.push(`docker pull ${shellQuote(source)}`);
    for (const c of copies.filter((x) => x.public === source)) {
      commands.push(`docker tag ${shellQuote(source)} ${shellQuote(c.mirror)}`, `docker push ${shellQuote(c.mirror)}`);
    }
  }
  return commands;
}

/**
 * Alibaba Cloud `registry-vpc.<region>.aliyuncs.com` endpoints answer only inside the region's
 * VPCs: a note per such mirror naming its public endpoint, for copies run from outside.
 */
function vpcEndpointNotes(copies: readonly ImageCopy[]): string[] {
  const registries = [...new Set(copies.map((c) => c.mirror.split("/")[0]).filter((r) => r.startsWith("registry-vpc.")))];
  return registries.map(
    (r) => `${r} answers only inside its region's VPCs: run the copy from a host there,\n      or push to ${r.replace(/^registry-vpc\./, "registry.")} instead (the same repositories).`,
  );
}

/** The text report: one block per target, then the copy commands (or why there are none). */
export function renderImagesText(stack: string, images: readonly TargetImage[]): string {
  const lines = [`Images of stack ${stack}:`, ""];
  let last = "";
  for (const image of images) {
    if (image.target !== last) lines.push(`${image.target} (${image.cloud} ${image.region})`);
    last = image.target;
    const role = image.role ?? "engine";
    if (image.via === "build") {
      lines.push(`  ${role}: pulls ${image.mirror}`, `          built from ${image.public} (gpukit builds nothing: build and push it yourself)`);
    } else if (image.mirror === null) {
      const how = image.via === "engine-image" ? "engine.image, used as given (no mirror copy)" : "pulls from the public registry";
      lines.push(`  ${role}: pulls ${image.public}`, `          ${how}`);
    } else {
      lines.push(`  ${role}: pulls ${image.mirror}`, `          public ${image.public}`);
    }
  }
  const copies = imageCopies(images);
  const builds = imageBuilds(images);
  lines.push("");
  if (builds.length) {
    lines.push("Build and push before `pulumi up`, from the kit's directory (logged in with `docker login`):", ...builds.map((b) => `  ${buildCommand(b)}`), "");
  }
  if (copies.length === 0) {
    lines.push("No target uses a registry mirror for a public image: nothing to copy.");
    return lines.join("\n") + "\n";
  }
  lines.push(
    `Before \`pulumi up\`, copy ${copies.length === 1 ? "the image to its mirror" : `the ${copies.length} images to their mirrors`} from a machine that reaches`,
    "both registries (logged in with `skopeo login` or `docker login`):",
    ...copies.map((c) => `  ${skopeoCommand(c)}`),
    "",
    "Or with docker (copies only this machine's platform):",
    ...dockerCommands(copies).map((command) => `  ${command}`),
  );
  const notes = vpcEndpointNotes(copies);
  if (notes.length) lines.push("", ...notes.map((n) => `Note: ${n}`));
  lines.push("", "Add --format script for a bash script of the skopeo commands.");
  return lines.join("\n") + "\n";
}

/** A bash script that copies every image with skopeo (`set -euo pipefail`: stops at the first failure). */
export function renderImagesScript(stack: string, images: readonly TargetImage[]): string {
  const copies = imageCopies(images);
  const lines = [
    "#!/usr/bin/env bash",
    `# Copies the images of stack ${stack} to the targets' registry mirrors (generated by gpukit images).`,
    "# Needs skopeo, logged in to each mirror registry (skopeo login <registry>).",
    "set -euo pipefail",
    "",
  ];
  if (copies.length === 0) lines.push("# No target uses a registry mirror for a public image: nothing to copy.");
  for (const c of copies) lines.push(skopeoCommand(c));
  const builds = imageBuilds(images);
  if (builds.length) lines.push("", "# Images built from the kit's sources: run from the kit's directory (needs docker, logged in to each registry).", ...builds.map(buildCommand));
  return lines.join("\n") + "\n";
}

/** The JSON document: `{ images: [{ target, role, cloud, region, public, mirror, build }] }`. */
export function imagesJson(images: readonly TargetImage[]): ImagesJson {
  return { images: images.map(({ target, role, cloud, region, public: source, mirror, via }) => ({ target, role: role ?? "engine", cloud, region, public: source, mirror, build: via === "build" })) };
}
