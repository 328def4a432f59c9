/**
 * 429 with `Retry-After`: the pinned rate-limit plugins answer 429 with their own reset header
 * (cluster-key-rate-limit `X-RateLimit-Reset`, ai-token-ratelimit `X-TokenRateLimit-Reset`, seconds;
 * read in alibaba/higress@4e0d691 main.go `rejected()`) and have no Retry-After option, so the
 * kit's transformer maps either header to `Retry-After`. Checked here: the rendered config (rule,
 * 429 codes, schema), and the map applied to the plugins' 429 headers by a hand-written model of the
 * transformer's documented `map` semantics. Not checked here: a live Higress answering (no gateway
 * binary runs in this environment).
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog";
import { renderHigressResources, type HigressResource } from "../components/gateway/render";
import { RATE_LIMIT_RESET_HEADERS } from "../components/gateway/retry-after";
import { validateHigressResources } from "../components/gateway/schema";
import { planDeployment } from "../components/plan";
import { parseDeploymentSpec, type DeploymentSpecInput } from "../components/spec";
import { clone, devSpec } from "./fixtures/specs";

const catalog = loadCatalog();

function withConsumers(consumers: unknown[]): HigressResource[] {
  const s = clone(devSpec()) as Record<string, any>;
  s.gateway = { consumers };
  return renderHigressResources(planDeployment(parseDeploymentSpec(s as DeploymentSpecInput, catalog), "dev", catalog).targets[0].gateway!);
}
const named = (rs: HigressResource[], name: string) => rs.find((r) => r.metadata.name === name);
const respRules = (rs: HigressResource[]) => ((named(rs, "gpukit-transformer")!.spec.defaultConfig as { respRules?: unknown[] }).respRules ?? []) as { operate: string; headers: Record<string, string>[] }[];

const limited = withConsumers([{ name: "team-a", limits: { requestsPerMinute: 60, tokensPerMinute: 1000, monthlyTokens: 3000 } }]);

/** Transformer `map` on response headers as its README states it: if fromKey exists, toKey := its value (overwriting), fromKey kept; else nothing. Header names case-insensitive. */
function applyMap(rules: { operate: string; headers: Record<string, string>[] }[], headers: Record<string, string>): Record<string, string> {
  const out = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const rule of rules.filter((r) => r.operate === "map")) for (const h of rule.headers) if (h.fromKey.toLowerCase() in out) out[h.toKey.toLowerCase()] = out[h.fromKey.toLowerCase()];
  return out;
}

describe("Retry-After on 429", () => {
  it("the limits answer 429", () => {
    const codes = ["gpukit-request-limit", "gpukit-token-limit-minute", "gpukit-token-limit-day"].map((n) => (named(limited, n)!.spec.matchRules as { config: { rejected_code: number } }[])[0].config.rejected_code);
    expect(codes).toEqual([429, 429, 429]);
  });

  it("the transformer maps both plugins' reset headers to retry-after", () => {
    expect(RATE_LIMIT_RESET_HEADERS).toEqual({ "cluster-key-rate-limit": "x-ratelimit-reset", "ai-token-ratelimit": "x-tokenratelimit-reset" });
    expect(respRules(limited)).toEqual([{ operate: "map", headers: [{ fromKey: "x-ratelimit-reset", toKey: "retry-after" }, { fromKey: "x-tokenratelimit-reset", toKey: "retry-after" }] }]);
    expect(validateHigressResources(limited)).toEqual([]);
  });

  it("a 429 of each plugin gets Retry-After with its reset seconds; other answers get none", () => {
    const rules = respRules(limited);
    // cluster-key-rate-limit rejected() with show_limit_quota_header: reset, limit, remaining 0
    expect(applyMap(rules, { ":status": "429", "X-RateLimit-Reset": "37", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0" })["retry-after"]).toBe("37");
    // ai-token-ratelimit rejected(): reset only
    expect(applyMap(rules, { ":status": "429", "X-TokenRateLimit-Reset": "5" })["retry-after"]).toBe("5");
    // a normal answer (the request limit shows its quota headers, but no reset)
    expect(applyMap(rules, { ":status": "200", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59" })).not.toHaveProperty("retry-after");
  });

  it("keeps the filing and AIGC headers beside the map on a cn public stack", () => {
    const s = clone(devSpec()) as Record<string, any>;
    s.loadBalancer = { public: true, tls: { certificateId: "cert-1" } };
    s.compliance = { dataResidency: "cn", dataClassification: "public", filingNumber: "Zhejiang-001", moderation: { provider: "alicloud-content-moderation" } };
    s.gateway = { consumers: [{ name: "team-a", limits: { tokensPerMinute: 1000 } }] };
    const rs = renderHigressResources(planDeployment(parseDeploymentSpec(s as DeploymentSpecInput, catalog), "dev", catalog).targets[0].gateway!);
    expect(respRules(rs).map((r) => r.operate)).toEqual(["add", "map"]);
    expect(validateHigressResources(rs)).toEqual([]);
  });

  it("renders no map without limits, and the schema catches a misspelt map field", () => {
    const free = withConsumers([{ name: "team-a" }]);
    expect(named(free, "gpukit-request-limit")).toBeUndefined();
    expect(respRules(free)).toEqual([]);
    const broken = structuredClone(limited);
    (named(broken, "gpukit-transformer")!.spec.defaultConfig as { respRules: { headers: Record<string, string>[] }[] }).respRules[0].headers[0] = { from_key: "x-ratelimit-reset", toKey: "retry-after" };
    expect(validateHigressResources(broken).join("\n")).toMatch(/gpukit-transformer defaultConfig: .*must NOT have additional properties \(from_key\)/);
  });
});
