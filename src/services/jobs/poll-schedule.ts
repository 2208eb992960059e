import { backoffDelay } from "../backoff.js";
import type { JobRecord } from "./job-record.js";

export interface PollTimes {
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** How long an `unconfirmed` job waits for a callback to name its TTAPI job. */
  unconfirmedWaitMs: number;
}

/** Each further poll waits this much longer than the one before, up to the maximum. */
const POLL_GROWTH = 1.2;

/** A job's first poll: an unconfirmed one is looked at when its wait ends. */
export function firstPollDelay(job: JobRecord, times: PollTimes, now: number): number {
  if (job.status !== "unconfirmed") return times.pollIntervalMs;
  const since = job.unconfirmedSince ?? job.updatedAt;
  return Math.max(0, since + times.unconfirmedWaitMs - now);
}

/** After a poll that answered: a little longer each time. */
export function nextPollDelay(polls: number, times: PollTimes): number {
  return Math.min(times.maxPollIntervalMs, Math.round(times.pollIntervalMs * POLL_GROWTH ** polls));
}

/** After polls that failed in a row: backing off. */
export function pollErrorDelay(pollErrors: number, times: PollTimes): number {
  return backoffDelay(pollErrors, {
    baseDelayMs: times.pollIntervalMs,
    maxDelayMs: times.maxPollIntervalMs,
  });
}
