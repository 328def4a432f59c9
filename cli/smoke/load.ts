/**
 * Load levels of `gpukit smoke`: at each concurrency level, `requests` streamed chat completions
 * sent by `concurrency` workers (each starts its next request when its previous one ends), timed
 * and summarised ({@link summarizeLevel}). Bounded by the per-request timeout and the run's deadline.
 */
import { performance } from "node:perf_hooks";
import type { Connection } from "./http";
import { summarizeLevel, type LevelStats, type RequestSample } from "./stats";
import { streamChat, type StreamRequest } from "./stream";

/** Progress of a level, after each finished request. */
export interface LevelProgress {
  concurrency: number;
  done: number;
  requests: number;
  errors: number;
}

/** A level's summary and the distinct error messages of its failed requests (first seen first). */
export interface LevelResult {
  stats: LevelStats;
  errorMessages: string[];
}

/**
 * A prompt of about `tokens` tokens: that many short common words (most tokenizers map each of
 * them, with its leading space, to one token), after an instruction to keep writing.
 */
export function promptOf(tokens: number): string {
  const words = ["the", "cat", "sat", "on", "a", "mat", "and", "then", "it", "ran"];
  const body = Array.from({ length: Math.max(0, tokens - 8) }, (_, i) => words[i % words.length]).join(" ");
  return `Continue this text for as long as you can: ${body}`.trim();
}

/** Runs one level: `requests` requests, at most `concurrency` in flight. */
export async function runLevel(conn: Connection, req: StreamRequest, concurrency: number, requests: number, onProgress?: (p: LevelProgress) => void): Promise<LevelResult> {
  const samples: RequestSample[] = [];
  const errorMessages: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < requests) {
      next++;
      if (conn.deadline.aborted) {
        errors++;
        pushUnique(errorMessages, "not sent: the total time limit (--total-timeout-s) was reached");
      } else {
        const outcome = await streamChat(conn, req);
        if (outcome.ok) samples.push(outcome.sample);
        else {
          errors++;
          pushUnique(errorMessages, outcome.error);
        }
      }
      onProgress?.({ concurrency, done: samples.length + errors, requests, errors });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  return { stats: summarizeLevel(concurrency, samples, errors, performance.now() - started), errorMessages };
}

function pushUnique(list: string[], message: string): void {
  if (!list.includes(message)) list.push(message);
}
