/**
 * Figures of a smoke load level: percentiles (linear interpolation between closest ranks, the
 * default of numpy and of most load tools) and the per-level summary of streamed requests.
 * Times are in milliseconds, throughput in output tokens per second.
 */

/**
 * The `p`-th percentile (0–100) of `values` by linear interpolation between the closest ranks:
 * rank = p/100 × (n − 1) over the sorted values. Null for an empty list. E.g. p50 of
 * [10, 20, 30, 40] = 25, p95 = 38.5.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100 (given ${p})`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** What one streamed request measured (times from sending the request, in ms). */
export interface RequestSample {
  /** Time to the first event carrying output text. */
  ttftMs: number;
  /** Gaps between consecutive events carrying output text. */
  gapsMs: number[];
  /** Output tokens: the server's `usage.completion_tokens` when it sends it, else the text events counted. */
  outputTokens: number;
  /** Time to the end of the stream (`data: [DONE]`). */
  e2eMs: number;
}

/** Summary of one concurrency level; figures are null when no request succeeded. */
export interface LevelStats {
  concurrency: number;
  /** Requests sent at this level. */
  requests: number;
  /** Requests that failed (HTTP error, timeout, broken or empty stream). */
  errors: number;
  /** Time to first token over the successful requests: p50 and p95. */
  ttftMs: { p50: number | null; p95: number | null };
  /** Inter-token latency: p50 over every gap between text events of every successful request. */
  interTokenMs: { p50: number | null };
  /**
   * Output tokens per second: `perRequest` = p50 over successful requests of tokens ÷ request
   * time (end to end); `total` = all output tokens of the level ÷ the level's wall time.
   */
  outputTokensPerSecond: { perRequest: number | null; total: number | null };
}

/** Summarises a level from its successful samples, its error count and its wall time in ms. */
export function summarizeLevel(concurrency: number, samples: readonly RequestSample[], errors: number, wallMs: number): LevelStats {
  const ttft = samples.map((s) => s.ttftMs);
  const gaps = samples.flatMap((s) => s.gapsMs);
  const perRequest = samples.filter((s) => s.e2eMs > 0).map((s) => s.outputTokens / (s.e2eMs / 1000));
  const tokens = samples.reduce((sum, s) => sum + s.outputTokens, 0);
  return {
    concurrency,
    requests: samples.length + errors,
    errors,
    ttftMs: { p50: percentile(ttft, 50), p95: percentile(ttft, 95) },
    interTokenMs: { p50: percentile(gaps, 50) },
    outputTokensPerSecond: { perRequest: percentile(perRequest, 50), total: samples.length > 0 && wallMs > 0 ? tokens / (wallMs / 1000) : null },
  };
}
