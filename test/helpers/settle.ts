/**
 * Waiting for a recorded run that may fail: a failed look-up leaves the registrations that depend on
 * it pending forever under mocks, so `settle` alone would never return.
 */
import { settle } from "../../cli/offline/recorder";

/** Resolves once `records` has not grown for five event-loop turns in a row. */
async function quiet(records: readonly unknown[]): Promise<void> {
  for (let stable = 0; stable < 5; ) {
    const before = records.length;
    await new Promise((resolve) => setImmediate(resolve));
    stable = records.length === before ? stable + 1 : 0;
  }
}

/**
 * Waits until the run settles or, when it failed (`failed`, from `failureSignal`, resolves shortly
 * after the first error), until nothing more registers; at most `capMs` (default 3,000 ms).
 */
export async function settleOrStop(records: readonly unknown[], failed: Promise<void>, capMs = 3000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)));
  try {
    await Promise.race([settle(records), failed.then(() => quiet(records)), cap]);
  } finally {
    clearTimeout(timer);
  }
}
