/**
 * Tencent Cloud TMS moderation for the Higress gateway. Higress 2.2.1 has no TMS plugin (its only
 * moderation plugin, `ai-security-guard`, calls Alibaba Cloud Content Moderation), so the kit runs
 * a small filter service beside the gateway (`tms-filter/filter.js`, Node, no dependencies) and
 * wires it in with mechanisms Higress supports:
 *
 * - prompts: the `ext-auth` plugin (forward_auth, request body included) calls the filter's
 *   `POST /check/request` on every model route before the request goes on; `failure_mode_allow`
 *   is the spec's `failOpen`, so `failOpen: false` is enforced when TMS or the filter fails
 *   (ext-auth main.go: a 5xx or unreachable service answers `status_on_error` unless
 *   failure_mode_allow is true);
 * - responses (`checkResponse`): this target's model routes go to the filter, which proxies the
 *   engine and releases an answer only after TMS passed it (non-streamed: whole; streamed: in
 *   windows of {@link TMS_STREAM_WINDOW_CHARS} characters, so a stream reaches the client window by
 *   window). Routes to other stacks (`gateway.upstreams`) are not proxied: their own gateways
 *   moderate their answers.
 *
 * The filter ships as an image the operator builds from `tms-filter/` (Dockerfile + filter.js) and
 * pushes to the target's registryMirror, tagged by the sources' hash: its source does not fit in
 * the hosts' 16 KiB user-data beside the gateway's own files.
 *
 * Pure: no Pulumi; reading the filter's build context to hash it is the only I/O.
 */
import { createHash } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import type { ConfigIssue } from "../spec/issues";
import type { DeploymentSpec } from "../spec/schema";

/** `compliance.moderation` as parsed. */
type ModerationSpec = NonNullable<NonNullable<DeploymentSpec["compliance"]>["moderation"]>;

/** Where the TMS facts were read. */
export const TMS_SOURCES = {
  api: "https://cloud.tencent.com/document/api/669/34502 (TextModeration, Version 2020-12-29, tms.tencentcloudapi.com, Content Base64 <= 10000 characters, BizType, Suggestion Block/Review/Pass)",
  signing: "https://cloud.tencent.com/document/api/213/30654 (TC3-HMAC-SHA256)",
  extAuth: "https://github.com/alibaba/higress/tree/4e0d69143208d713e88880d5af1c86f4386e425c/plugins/wasm-go/extensions/ext-auth (main.go: non-200 answers are returned to the client; 5xx or no answer -> failure_mode_allow or status_on_error)",
  // a call with no answer (timeout, refused) reaches the callback as 502, so ext-auth treats it as a 5xx
  noAnswer: "https://github.com/higress-group/wasm-go/blob/b573359becf8/pkg/wrapper/http_wrapper.go (code := http.StatusBadGateway; the wasm-go ext-auth 2.2.1 pins in go.mod)",
} as const;

/** API endpoint host the filter calls (regions are chosen by the `X-TC-Region` header). */
export const TMS_API_HOST = "tms.tencentcloudapi.com";

/**
 * Regions TMS `TextModeration` is offered in as the kit understands them (`X-TC-Region`).
 * status: unverified (read from the API page's region list as summarised by search; confirm in the console).
 */
export const TMS_REGIONS = ["ap-beijing", "ap-guangzhou", "ap-shanghai", "ap-singapore", "ap-jakarta", "ap-bangkok", "ap-mumbai", "na-siliconvalley", "eu-frankfurt"] as const;

/** Container, registry entry and port of the filter on the gateway's network. */
export const TMS_FILTER_NAME = "gpukit-tms-filter";
/** Port the filter listens on inside its container (never published on the host). */
export const TMS_FILTER_PORT = 8090;
/**
 * Base image of the filter image (`tms-filter/Dockerfile`): official Node.js 22 on Alpine, pinned by
 * tag. status: unverified tag (Docker Hub is not reachable from here); any Node >= 18 image runs the file.
 */
export const TMS_FILTER_BASE_IMAGE = "node:22.12.0-alpine3.21";
/** Repository name of the filter image the operator builds from `tms-filter/` and pushes to the target's registryMirror. */
export const TMS_FILTER_REPOSITORY = "gpukit-tms-filter";
/**
 * Whether the Kubernetes runtime creates the filter's Secret, Deployment, Service, PodDisruptionBudget
 * and NetworkPolicy ({@link tmsFilterKubernetes}; components/kubernetes/tms-filter.ts). True since it
 * does; while false, tencent-tms on `runtime: kubernetes` was refused: the gateway would refuse every
 * model call (ext-auth, fail closed) or, with failOpen, pass them unchecked.
 */
export const TMS_FILTER_KUBERNETES_DEPLOYED = true;
/** Labels of the filter's pods on Kubernetes (its Service's selector and the peer the engine's NetworkPolicy admits). */
export const TMS_FILTER_POD_LABELS = { app: TMS_FILTER_NAME } as const;
/** Kubernetes Secret (in the gateway's namespace) holding the filter's `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY`. */
export const TMS_FILTER_SECRET_NAME = `${TMS_FILTER_NAME}-credentials`;
/** Health endpoint of the filter (`GET`, 200 `{"ok":true}`; filter.js), probed by Kubernetes. */
export const TMS_FILTER_HEALTH_PATH = "/healthz";

/** Characters of streamed text per TMS call (each window also carries the last 50 characters of the previous one). */
export const TMS_STREAM_WINDOW_CHARS = 300;
/** Milliseconds the filter waits for TMS; the gateway waits this plus 500 ms for the filter. */
export const TMS_TIMEOUT_MS = 2000;

/** TMS moderation of a target's gateway. */
export interface TmsModerationPlan {
  provider: "tencent-tms";
  /** The filter service and the Higress plugin that calls it. */
  plugin: "ext-auth";
  action: "TextModeration";
  apiVersion: "2020-12-29";
  apiHost: string;
  /** `X-TC-Region` of the TMS calls. */
  region: string;
  /** TMS policy (策略) the calls use. */
  bizType: string;
  checkRequest: boolean;
  checkResponse: boolean;
  mode: "block" | "audit";
  failOpen: boolean;
  /** True: TMS or filter failures refuse traffic when failOpen is false (ext-auth failure_mode_allow false; the filter answers 503). */
  failClosedEnforced: true;
  streaming: string;
  /** Entries of `TargetPlan.secrets` holding the SecretId / SecretKey. */
  secrets: { accessKeyId: string; accessKeySecret: string };
  /** The filter service beside the gateway. */
  filter: { name: string; image: string; port: number; domain: string; upstream: string; windowChars: number; timeoutMs: number };
}

/**
 * Plans TMS moderation. `engine`: `http://<host>:<port>` of the engine the filter proxies;
 * `mirror`: the target's registryMirror; `pathOf`: spec path prefix for issues.
 */
export function planTmsModeration(m: ModerationSpec, ctx: { targetPath: string; cn: boolean; engine: string; mirror: string | null; secrets: { accessKeyId: string; accessKeySecret: string } }): { plan: TmsModerationPlan | null; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  if (!m.bizType) {
    issues.push({ path: "compliance.moderation.bizType", message: "tencent-tms needs the TMS policy (BizType) its calls use: create one in the Content Security console (文本内容安全 → 策略管理) and set compliance.moderation.bizType" });
  }
  // TMS has no mainland region by the target's name: ap-guangzhou unless the spec says otherwise
  const region = m.region ?? (ctx.cn ? "ap-guangzhou" : "ap-singapore");
  if (!(TMS_REGIONS as readonly string[]).includes(region)) {
    issues.push({ path: "compliance.moderation.region", message: "not a TMS region the kit knows", given: JSON.stringify(region), allowed: [...TMS_REGIONS] });
  }
  if (issues.length) return { plan: null, issues };
  // the filter's source does not fit in the hosts' 16 KiB user-data beside the gateway's config, so it
  // ships as an image built from tms-filter/ and tagged by the source's hash (tmsFilterImageTag)
  if (!ctx.mirror) {
    issues.push({
      path: `${ctx.targetPath}.registryMirror`,
      message: `tencent-tms runs the kit's filter image ${TMS_FILTER_REPOSITORY}:${tmsFilterImageTag()}, which you build from components/gateway/tms-filter and push to your registry (docker build -t <registry>/${TMS_FILTER_REPOSITORY}:${tmsFilterImageTag()} components/gateway/tms-filter && docker push …); set ${ctx.targetPath}.registryMirror to that registry`,
    });
    return { plan: null, issues };
  }
  const image = `${ctx.mirror.replace(/\/+$/, "")}/${TMS_FILTER_REPOSITORY}:${tmsFilterImageTag()}`;
  return {
    issues,
    plan: {
      provider: "tencent-tms",
      plugin: "ext-auth",
      action: "TextModeration",
      apiVersion: "2020-12-29",
      apiHost: TMS_API_HOST,
      region,
      bizType: m.bizType!,
      checkRequest: m.checkRequest,
      checkResponse: m.checkResponse,
      mode: m.mode,
      failOpen: m.failOpen,
      failClosedEnforced: true,
      streaming: `streamed answers pass through the filter, which holds them back in windows of ${TMS_STREAM_WINDOW_CHARS} characters and releases each window only after TMS passed it (with the last 50 characters of the previous window as context); a blocked window ends the stream with an error event, so the client sees the answer window by window, not token by token`,
      secrets: ctx.secrets,
      filter: { name: TMS_FILTER_NAME, image, port: TMS_FILTER_PORT, domain: TMS_FILTER_NAME, upstream: ctx.engine, windowChars: TMS_STREAM_WINDOW_CHARS, timeoutMs: TMS_TIMEOUT_MS },
    },
  };
}

/** Environment of the filter without its credentials (`TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` come from the secret store). */
export function tmsFilterEnv(plan: TmsModerationPlan): Record<string, string> {
  return {
    GPUKIT_TMS_REGION: plan.region,
    GPUKIT_TMS_BIZTYPE: plan.bizType,
    GPUKIT_TMS_ENDPOINT: `https://${plan.apiHost}`,
    GPUKIT_TMS_MODE: plan.mode,
    GPUKIT_TMS_FAIL_OPEN: String(plan.failOpen),
    GPUKIT_TMS_CHECK_RESPONSE: String(plan.checkResponse),
    GPUKIT_TMS_UPSTREAM: plan.filter.upstream,
    GPUKIT_TMS_WINDOW: String(plan.filter.windowChars),
    GPUKIT_TMS_TIMEOUT_MS: String(plan.filter.timeoutMs),
    GPUKIT_TMS_PORT: String(plan.filter.port),
  };
}

/** Environment variables of the filter filled from `TargetPlan.secrets` entries. */
export function tmsFilterSecretEnv(plan: TmsModerationPlan): { env: string; secret: string }[] {
  return [
    { env: "TENCENTCLOUD_SECRET_ID", secret: plan.secrets.accessKeyId },
    { env: "TENCENTCLOUD_SECRET_KEY", secret: plan.secrets.accessKeySecret },
  ];
}

/**
 * `ext-auth` configuration that sends every prompt of the model routes to the filter. The filter's
 * 403 refusal (JSON, content-type kept) is returned as is; a 5xx or no answer becomes 503 unless
 * failOpen.
 */
export function tmsExtAuthConfig(plan: TmsModerationPlan): Record<string, unknown> {
  return {
    http_service: {
      endpoint_mode: "forward_auth",
      endpoint: { service_name: `${plan.filter.name}.dns`, service_port: plan.filter.port, path: "/check/request", request_method: "POST" },
      // the filter calls TMS in parallel for every 10000 characters: TMS's timeout plus 500 ms for the hop
      timeout: plan.filter.timeoutMs + 500,
      authorization_request: { with_request_body: true, max_request_body_bytes: 10 * 1024 * 1024 },
      authorization_response: { allowed_client_headers: [{ exact: "content-type" }] },
    },
    failure_mode_allow: plan.failOpen,
    status_on_error: 503,
  };
}

/** Source of a file of the filter image's build context (`tms-filter/<name>`). */
export function tmsFilterFile(name: "filter.js" | "Dockerfile"): string {
  const candidates = [path.join(__dirname, "tms-filter", name), path.resolve(__dirname, "..", "..", "..", "components", "gateway", "tms-filter", name)];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`TMS filter file not found (looked in ${candidates.join(", ")})`);
  return readFileSync(file, "utf8");
}

let tag: string | undefined;
/** Tag of the filter image: `1-` and the first 12 hex digits of sha256(Dockerfile + filter.js), so a changed filter is a new image. */
export function tmsFilterImageTag(): string {
  tag ??= `1-${createHash("sha256").update(tmsFilterFile("Dockerfile")).update(tmsFilterFile("filter.js")).digest("hex").slice(0, 12)}`;
  return tag;
}

/**
 * What the Kubernetes runtime creates for the filter (components/kubernetes/** owns the objects):
 * a Deployment of `image` (its CMD runs the filter) with `env` plus `secretEnv` from a Secret filled
 * from the target's secrets, and a ClusterIP Service `<name>` on `port` in `namespace`; the
 * gateway reaches it as `<name>.<namespace>.svc.cluster.local` (withKubernetesTmsFilter).
 */
export function tmsFilterKubernetes(plan: TmsModerationPlan, namespace: string): { name: string; namespace: string; image: string; port: number; env: Record<string, string>; secretEnv: { env: string; secret: string }[]; serviceHost: string; runAsUser: number; readOnlyRootFilesystem: true; podLabels: Record<string, string>; secretName: string; healthPath: string } {
  return {
    name: plan.filter.name,
    namespace,
    image: plan.filter.image,
    port: plan.filter.port,
    env: tmsFilterEnv(plan),
    secretEnv: tmsFilterSecretEnv(plan),
    serviceHost: `${plan.filter.name}.${namespace}.svc.cluster.local`,
    // the base image's `node` user
    runAsUser: 1000,
    readOnlyRootFilesystem: true,
    podLabels: { ...TMS_FILTER_POD_LABELS },
    secretName: TMS_FILTER_SECRET_NAME,
    healthPath: TMS_FILTER_HEALTH_PATH,
  };
}

/**
 * Whether the gateway's model routes send this target's engine traffic through the filter (TMS with
 * `checkResponse`): then the filter's pods must reach the engine (its NetworkPolicy admits them).
 */
export function routesThroughTmsFilter(plan: { moderation: unknown; routes: { destination: { kind: string } }[] }): boolean {
  const m = plan.moderation as { provider: string } | null;
  return m?.provider === "tencent-tms" && plan.routes.some((r) => r.destination.kind === "moderation-filter");
}

/**
 * The gateway plan with the TMS filter reached as a Kubernetes Service in `namespace` and proxying
 * the engine's Service (`engineHost`:`enginePort`); unchanged without TMS moderation.
 */
export function withKubernetesTmsFilter<P extends { moderation: unknown; routes: { destination: { kind: string; domain: string } }[] }>(plan: P, namespace: string, engineHost: string, enginePort: number): P {
  const m = plan.moderation as TmsModerationPlan | { provider: string } | null;
  if (!m || m.provider !== "tencent-tms") return plan;
  const tms = m as TmsModerationPlan;
  const domain = `${tms.filter.name}.${namespace}.svc.cluster.local`;
  const moderation: TmsModerationPlan = { ...tms, filter: { ...tms.filter, domain, upstream: `http://${engineHost}:${enginePort}` } };
  const routes = plan.routes.map((r) => (r.destination.kind === "moderation-filter" ? { ...r, destination: { ...r.destination, domain } } : r));
  return { ...plan, moderation, routes };
}
