import type { Logger } from "../../logger.js";
import type { ServerKeyProblem } from "../ttapi/server-key-alerts.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { TtapiError } from "../ttapi/ttapi-error.js";
import { type ServerTtapiLookup, submitAccountOf } from "./job-account.js";
import type { JobDurations } from "./job-durations.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import { type FailureKind, failedJob, type JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import type { JobTracker } from "./job-tracker.js";

export interface JobSubmitterOptions {
  /** The operator's TTAPI account. */
  ttapi: Pick<TtapiClient, "submit">;
  /** A server's own account, for jobs it pays for. */
  serverTtapi?: ServerTtapiLookup;
  /** A server's own key was refused (401) or its balance is empty (402): its admins are told. */
  onServerKeyProblem?: (problem: ServerKeyProblem) => void;
  jobs: Pick<JobStore, "save">;
  /** What TTAPI has been taking, for the ETA a job gets when TTAPI accepts it. */
  durations: Pick<JobDurations, "expected">;
  lifecycle: Pick<JobLifecycle, "update" | "end">;
  tracker: Pick<JobTracker, "track" | "trackUnsaved">;
  logger: Logger;
  /** The callback URL for a job, when TTAPI callbacks are on. */
  hookUrl?: (jobId: string, token: string) => string;
  now: () => number;
  /**
   * Whether this process still holds its shards (one fenced store step; FencedOut when
   * not): checked before a job from the line goes to TTAPI.
   */
  checkClaim?: () => Promise<void>;
}

/**
 * What one submit came to: accepted (and tracked), failed (and ended), unconfirmed (TTAPI
 * may have it; tracked until a callback names it or the wait ends), or TTAPI full.
 */
export type SubmitOutcome =
  | { kind: "accepted" | "failed" | "unconfirmed"; job: JobRecord }
  /**
   * TTAPI certainly did not take it (connection refused, 429, 499, 503): saved as waiting,
   * for the line to try again until TTAPI recovers or the give-up time passes.
   */
  | { kind: "ttapi_full"; job: JobRecord }
  /**
   * TTAPI answered 402: the account's balance is empty. Saved (and shown) as waiting for
   * the balance; the line asks again after BALANCE_RECHECK_MINUTES.
   */
  | { kind: "balance_empty"; job: JobRecord };

/** Sends one saved job to TTAPI and records what happened before it is shown. */
export class JobSubmitter {
  constructor(private readonly options: JobSubmitterOptions) {}

  /**
   * `claimChecked`: the caller has just made a step under the shards' claim (a new request's
   * reservation, or `checkClaim` beside reading the job), so it is not checked again here.
   */
  async submit(waiting: JobRecord, claimChecked = false): Promise<SubmitOutcome> {
    const { logger, hookUrl } = this.options;
    const [account] = await Promise.all([
      submitAccountOf(waiting, this.options.ttapi, this.options.serverTtapi),
      claimChecked ? undefined : this.checkClaim(),
    ]);
    // The server's key was removed while its job waited: not sent with the operator's.
    if (!account) return { kind: "failed", job: await this.fail(waiting, "server_key", null) };
    const { ttapi, serverKeyId } = account;
    // Kept from here on: a job that may have reached TTAPI is confirmed with this key too.
    const job: JobRecord = { ...waiting, serverKeyId };
    // What TTAPI has been taking, read while TTAPI answers: for the ETA shown on acceptance.
    const expecting = this.options.durations.expected(job.request.videoLength).catch(() => null);
    let jobId: string;
    try {
      const url = hookUrl && job.hookToken ? hookUrl(job.id, job.hookToken) : undefined;
      ({ jobId } = await ttapi.submit(job.request, url));
    } catch (error) {
      return this.notAccepted(job, error);
    }
    logger.info({ jobId: job.id, ttapiJobId: jobId }, "job submitted");
    return this.accepted(job, jobId, await expecting);
  }

  /** Whether this process still holds its shards (FencedOut when not; see Fence). */
  async checkClaim(): Promise<void> {
    await this.options.checkClaim?.();
  }

  /** TTAPI has the job: from here a store that fails delays it, never drops it. */
  private async accepted(
    job: JobRecord,
    jobId: string,
    expected: number | null,
  ): Promise<SubmitOutcome> {
    const at = this.options.now();
    const queued: JobRecord = {
      ...job,
      ttapiJobId: jobId,
      status: "queued",
      waitingFor: "slot",
      waitingPosition: null,
      eta: expected === null ? null : { readyAt: at + expected, overdue: false },
      submittedAt: at,
      updatedAt: at,
    };
    try {
      const shown = await this.options.lifecycle.update(queued);
      this.options.tracker.track(shown);
      return { kind: "accepted", job: shown };
    } catch (error) {
      this.options.logger.warn(
        { err: error, jobId: job.id, ttapiJobId: jobId },
        "job accepted but not saved; saving it again with its next poll",
      );
      this.options.tracker.trackUnsaved(queued);
      return { kind: "accepted", job: queued };
    }
  }

  private async notAccepted(job: JobRecord, error: unknown): Promise<SubmitOutcome> {
    const { logger, now } = this.options;
    if (!(error instanceof TtapiError)) {
      await this.fail(job, "unknown", null);
      throw error;
    }
    const { httpStatus, bodyExcerpt, mayHaveReachedTtapi } = error.details;
    logger.warn(
      { jobId: job.id, kind: error.kind, status: httpStatus, bodyExcerpt },
      "submit failed",
    );
    if (job.paidBy === "server" && (error.kind === "auth" || error.kind === "balance")) {
      // The server's own account: its admins are told, the bot's line goes on for others.
      const kind = error.kind === "auth" ? "server_key" : "server_balance";
      const failed = await this.fail(job, kind, null);
      if (job.origin.guildId) {
        this.options.onServerKeyProblem?.({ guildId: job.origin.guildId, kind: error.kind });
      }
      return { kind: "failed", job: failed };
    }
    if (error.kind === "balance") {
      if (job.status === "waiting" && job.waitingFor === "balance") {
        return { kind: "balance_empty", job };
      }
      const at = now();
      const waiting = await this.options.lifecycle.update({
        ...job,
        status: "waiting",
        waitingFor: "balance",
        updatedAt: at,
      });
      return { kind: "balance_empty", job: waiting };
    }
    if (!error.transient) {
      // TTAPI read the request and refused it (a bad prompt, the key, the balance).
      return { kind: "failed", job: await this.fail(job, error.kind, error.reason ?? null) };
    }
    if (!mayHaveReachedTtapi) {
      if (job.status === "waiting" && job.waitingFor === "slot") {
        return { kind: "ttapi_full", job };
      }
      const waiting: JobRecord = {
        ...job,
        status: "waiting",
        waitingFor: "slot",
        updatedAt: now(),
      };
      await this.options.jobs.save(waiting);
      return { kind: "ttapi_full", job: waiting };
    }
    return this.unconfirmed(job);
  }

  /**
   * The submit may have reached TTAPI (and been billed) but no job id came back. It is
   * never resent. With callbacks the job waits for TTAPI's callback to name it; without,
   * nothing can, so it ends now (the reservation given back).
   */
  async unconfirmed(job: JobRecord): Promise<SubmitOutcome> {
    if (!this.options.hookUrl) {
      return { kind: "failed", job: await this.fail(job, "submit_uncertain", null) };
    }
    const at = this.options.now();
    const shown = await this.options.lifecycle.update({
      ...job,
      status: "unconfirmed",
      unconfirmedSince: at,
      waitingPosition: null,
      updatedAt: at,
    });
    this.options.logger.warn({ jobId: job.id }, "submit unconfirmed; waiting for TTAPI's callback");
    this.options.tracker.track(shown);
    return { kind: "unconfirmed", job: shown };
  }

  fail(job: JobRecord, kind: FailureKind, reason: string | null): Promise<JobRecord> {
    return this.options.lifecycle.end(failedJob(job, kind, reason, this.options.now()));
  }
}
