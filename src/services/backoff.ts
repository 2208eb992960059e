import { setTimeout as sleep } from "node:timers/promises";

export interface BackoffPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Exponential delay with full jitter, so many callers do not retry in lockstep. */
export function backoffDelay(
  attempt: number,
  policy: Pick<BackoffPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Runs `task` until it succeeds, `shouldRetry` says no, or the attempts run out. */
export async function withBackoff<T>(
  task: (attempt: number) => Promise<T>,
  policy: BackoffPolicy,
  shouldRetry: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !shouldRetry(error)) throw error;
      await sleep(backoffDelay(attempt, policy));
    }
  }
}
