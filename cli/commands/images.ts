/**
 * `gpukit images`: the pinned engine image each target of a stack pulls, its public source, and
 * the commands that copy each public image to the target's registry mirror — for regions (mainland
 * China) where Docker Hub is not reliably reachable. Validates and plans the stack without running
 * the Pulumi program (`planStack`), so it needs no credentials and registers nothing.
 */
import { publicImageOf } from "../../components/engines/common";
import { ENGINE_DEFAULTS } from "../../components/engines";
import type { DeploymentPlan } from "../../components/plan/types";
import type { EngineName } from "../../components/spec/schema";
import type * as OfflineRun from "../offline/run";
import { EXIT, EXIT_CODES_HELP, UsageError, examplesHelp, stringValue, type CliCommand } from "../command";
import { imagesJson, renderImagesScript, renderImagesText, type TargetImage } from "../format/images";

/** Output formats of `gpukit images`. */
export const IMAGES_FORMATS = ["text", "json", "script"] as const;

/** How the images command loads the planner; tests inject a loader that goes through vitest. */
export interface ImagesCommandLoaders {
  /** Loads `planStack` (default: require `cli/offline/run.ts` on first use; it imports the Pulumi SDK). */
  loadPlanStack?: () => Promise<typeof OfflineRun.planStack>;
}

const requirePlanStack: NonNullable<ImagesCommandLoaders["loadPlanStack"]> = async () => (require("../offline/run") as typeof OfflineRun).planStack;

/** Repository of an engine's pinned image (`vllm/vllm-openai` of `vllm/vllm-openai:v0.29.0`). */
function engineRepository(engine: string): string | undefined {
  const image = ENGINE_DEFAULTS[engine as EngineName]?.image;
  return image?.slice(0, image.lastIndexOf(":"));
}

/**
 * The engine image of every target of `plan`, in target order. A target with a registry mirror
 * pulls `plan.targets[].engine.image` from the mirror, and `public` is the pinned image it mirrors;
 * a target without one pulls `public` itself. `engineImage` is the spec's `engine.image`: when set,
 * every target pulls it as given (the planner applies no mirror to it).
 */
export function engineImages(plan: DeploymentPlan, engineImage?: string): TargetImage[] {
  return plan.targets.map((t): TargetImage => {
    const base = { target: t.name, cloud: t.placement.cloud, region: t.placement.region };
    if (engineImage !== undefined) return { ...base, public: t.engine.image, mirror: null, via: "engine-image" };
    const repository = engineRepository(t.engine.name);
    const source = t.registryMirror && repository ? publicImageOf(t.engine.image, t.registryMirror, repository) : null;
    return source === null ? { ...base, public: t.engine.image, mirror: null, via: "public" } : { ...base, public: source, mirror: t.engine.image, via: "mirror" };
  });
}

/**
 * The images beside the engine, per target: the gateway's (Higress all-in-one and its Redis, both from
 * Higress's own Alibaba Cloud registry, reachable from mainland China), the TMS filter the operator
 * builds from `components/gateway/tms-filter` and pushes to the mirror, and Qdrant on its own host
 * (Docker Hub, copied to the mirror when the target has one).
 */
export function supportingImages(plan: DeploymentPlan): TargetImage[] {
  const images: TargetImage[] = [];
  for (const t of plan.targets) {
    const base = { target: t.name, cloud: t.placement.cloud, region: t.placement.region };
    const gw = t.gateway;
    if (gw && gw.runtime === "vm") {
      images.push({ ...base, role: "gateway", public: gw.image, mirror: null, via: "public" });
      if (gw.rateLimitStore?.image) images.push({ ...base, role: "rate-limit-store", public: gw.rateLimitStore.image, mirror: null, via: "public" });
    }
    const moderation = gw?.moderation;
    if (moderation && moderation.provider === "tencent-tms") {
      images.push({ ...base, role: "moderation-filter", public: TMS_FILTER_BUILD_CONTEXT, mirror: moderation.filter.image, via: "build" });
    }
    const host = t.vectorDatabase?.host;
    if (host) {
      const mirrored = host.container.pull !== host.container.public;
      images.push({ ...base, role: "vector-database", public: host.container.public, mirror: mirrored ? host.container.pull : null, via: mirrored ? "mirror" : "public" });
    }
  }
  return images;
}

/** Build context of the TMS filter image, relative to the kit's root. */
const TMS_FILTER_BUILD_CONTEXT = "components/gateway/tms-filter";

/** Builds the images command. */
export function makeImagesCommand(loaders: ImagesCommandLoaders = {}): CliCommand {
  return {
    name: "images",
    summary: "List the images each target pulls (engine, gateway, filter, vector database) and print the commands that copy them to the registry mirror",
    description: [
      "Lists, per target of a stack, every pinned image its hosts pull (the engine's, and the gateway's, Redis's,",
      "the TMS filter's and Qdrant's where the stack has them) with its public source, then the commands that",
      "copy each public image to its registry mirror once (skopeo, or docker pull/tag/push) and build the images",
      "made from the kit's sources (the TMS filter).",
      "Mainland-China targets pull from targets[].registryMirror because Docker Hub is not reliably reachable",
      "there. Validates and plans the stack only: the Pulumi program does not run, no credentials are needed.",
    ].join(" "),
    options: {
      stack: { type: "string", valueName: "name", description: "stack name; reads stacks/Pulumi.<name>.yaml" },
      "stack-file": { type: "string", valueName: "path", description: "any stack file (Pulumi.<name>.yaml layout) instead of --stack" },
      format: {
        type: "string",
        valueName: "format",
        default: "text",
        description: `output: ${IMAGES_FORMATS.join(", ")} (json: { images: [{ target, role, cloud, region, public, mirror, build }] }; script: a bash script of the skopeo copies and docker builds)`,
      },
    },
    helpAfter: [
      EXIT_CODES_HELP,
      "",
      examplesHelp(["gpukit images --stack prod", "gpukit images --stack prod --format script > copy-images.sh && bash copy-images.sh"]),
    ].join("\n"),
    async run(values, positionals, io) {
      if (positionals.length) throw new UsageError(`gpukit images takes no positional arguments (got ${positionals.join(" ")})`);
      const format = stringValue(values, "format") ?? "text";
      if (!(IMAGES_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be one of ${IMAGES_FORMATS.join(", ")} (given ${JSON.stringify(format)})`);
      }
      const planStack = await (loaders.loadPlanStack ?? requirePlanStack)();
      const { stack, spec, plan } = planStack({ stack: stringValue(values, "stack"), stackFile: stringValue(values, "stack-file") });
      const support = supportingImages(plan);
      // per target: its engine image first, then the images beside it
      const images = engineImages(plan, spec.engine.image).flatMap((engine) => [{ ...engine, role: "engine" as const }, ...support.filter((s) => s.target === engine.target)]);
      if (format === "json") io.stdout(JSON.stringify(imagesJson(images), null, 2) + "\n");
      else if (format === "script") io.stdout(renderImagesScript(stack, images));
      else io.stdout(renderImagesText(stack, images));
      return EXIT.ok;
    },
  };
}

/** The `images` command as the CLI runs it. */
export const imagesCommand = makeImagesCommand();
