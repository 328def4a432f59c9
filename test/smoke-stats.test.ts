/**
 * Figures of `gpukit smoke` computed by hand: percentiles by linear interpolation between closest
 * ranks, a level's summary from known samples, the prompt length, and option validation (every
 * problem at once, exit 2).
 */
import { describe, expect, it } from "vitest";
import { percentile, summarizeLevel, type RequestSample } from "../cli/smoke/stats";
import { promptOf } from "../cli/smoke/load";
import { endpointBase, parseSmokeOptions } from "../cli/smoke/options";
import { UsageError } from "../cli/command";

describe("percentile", () => {
  it("interpolates between closest ranks (rank = p/100 × (n − 1))", () => {
    // sorted 10 20 30 40: p50 rank 1.5 → 20 + 0.5 × 10 = 25; p95 rank 2.85 → 30 + 0.85 × 10 = 38.5
    expect(percentile([40, 10, 30, 20], 50)).toBe(25);
    expect(percentile([40, 10, 30, 20], 95)).toBeCloseTo(38.5, 10);
    // odd count: p50 is the middle value; p0 / p100 the extremes
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    // 1..20: p95 rank 18.05 → 19 + 0.05 × 1 = 19.05
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBeCloseTo(19.05, 10);
  });

  it("one value is every percentile; no value is null; p outside 0..100 throws", () => {
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("summarizeLevel", () => {
  it("computes every figure of a level by hand", () => {
    const samples: RequestSample[] = [
      { ttftMs: 100, gapsMs: [10, 20], outputTokens: 3, e2eMs: 130 },
      { ttftMs: 300, gapsMs: [30], outputTokens: 2, e2eMs: 400 },
    ];
    const stats = summarizeLevel(2, samples, 1, 500);
    expect(stats).toEqual({
      concurrency: 2,
      requests: 3,
      errors: 1,
      // ttft 100, 300: p50 = 200, p95 = 100 + 0.95 × 200 = 290
      ttftMs: { p50: 200, p95: 290 },
      // gaps 10, 20, 30 pooled: p50 = 20
      interTokenMs: { p50: 20 },
      // per request 3 / 0.13 s = 23.077 and 2 / 0.4 s = 5: p50 = 14.038…; total 5 tokens / 0.5 s = 10
      outputTokensPerSecond: { perRequest: expect.closeTo((3 / 0.13 + 5) / 2, 6), total: 10 },
    });
  });

  it("a level with no successful request has null figures and counts its errors", () => {
    expect(summarizeLevel(4, [], 4, 1000)).toEqual({
      concurrency: 4,
      requests: 4,
      errors: 4,
      ttftMs: { p50: null, p95: null },
      interTokenMs: { p50: null },
      outputTokensPerSecond: { perRequest: null, total: null },
    });
  });
});

describe("promptOf", () => {
  it("has about the asked number of words", () => {
    const words = promptOf(128).split(/\s+/).length;
    expect(words).toBe(128 - 8 + 9); // 9 words of instruction + 120 filler words
    expect(promptOf(1)).toBe("Continue this text for as long as you can:");
  });
});

describe("parseSmokeOptions", () => {
  it("fills the defaults (units: ms) and normalises the endpoint", () => {
    expect(parseSmokeOptions({ endpoint: "http://127.0.0.1:8000/v1/" }, {})).toEqual({
      stack: undefined,
      endpoint: "http://127.0.0.1:8000",
      apiKeyEnv: undefined,
      model: undefined,
      concurrency: [1, 4, 16],
      requests: 16,
      promptTokens: 128,
      maxTokens: 64,
      sloTtftMs: 1000,
      timeoutMs: 60_000,
      totalTimeoutMs: 600_000,
      format: "table",
    });
    expect(endpointBase("https://lb.example.com//")).toBe("https://lb.example.com");
  });

  it("reports every problem at once", () => {
    let error: unknown;
    try {
      parseSmokeOptions({ endpoint: "ftp://x", concurrency: "1,,4", requests: "0", "max-tokens": "1", "slo-ttft-ms": "-5", "timeout-s": "abc", format: "yaml", "api-key-env": "NOPE_UNSET" }, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message.split("\n")[0]).toBe("8 problems with the options:");
    for (const part of [
      '--endpoint must be an http:// or https:// URL (given "ftp://x")',
      '--concurrency must be a comma-separated list of whole numbers from 1 to 1024, e.g. 1,4,16 (given "1,,4")',
      '--requests must be a whole number from 1 to 10000 (given "0")',
      '--max-tokens must be a whole number from 2 to 100000 (given "1")',
      '--slo-ttft-ms must be a number above 0 and at most 3600000 (given "-5")',
      '--timeout-s must be a number above 0 and at most 3600 (given "abc")',
      '--format must be one of table, json (given "yaml")',
      "--api-key-env NOPE_UNSET: the environment variable NOPE_UNSET is not set or empty",
    ]) {
      expect(message).toContain(part);
    }
  });

  it("needs an endpoint or a stack; requests must cover the largest level; levels are distinct", () => {
    expect(() => parseSmokeOptions({}, {})).toThrow("give --stack <name> (endpoint, model and plan from the stack) or --endpoint <url>");
    expect(() => parseSmokeOptions({ endpoint: "http://h", concurrency: "1,16", requests: "8" }, {})).toThrow(
      "--requests (8 per level) must be at least the largest --concurrency level (16)",
    );
    expect(() => parseSmokeOptions({ endpoint: "http://h", concurrency: "4,4" }, {})).toThrow('--concurrency lists a level twice (given "4,4")');
    expect(() => parseSmokeOptions({ endpoint: "http://h", concurrency: "0" }, {})).toThrow("--concurrency must be a comma-separated list");
  });
});
