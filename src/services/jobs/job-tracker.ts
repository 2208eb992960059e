import type { Logger } from "../../logger.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { TtapiError } from "../ttapi/ttapi-error.js";
import type { JobProgress } from "../ttapi/ttapi-schemas.js";
import { DueQueue } from "./due-queue.js";
import { FollowedJobs } from "./followed-jobs.js";
import { type ServerTtapiLookup, trackAccountOf } from "./job-account.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import { applyProgress, pastEta } from "./job-progress.js";
import { awaitsLateConfirmation, failedJob, isTerminal, type JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import { firstPollDelay, nextPollDelay, pollErrorDelay } from "./poll-schedule.js";

export interface JobTrackerOptions {
  /** The operator's TTAPI account. */
  ttapi: Pick<TtapiClient, "fetchJob">;
  /** A server's own account, for jobs it pays for. */
  serverTtapi?: ServerTtapiLookup;
  jobs: JobStore;
  lifecycle: JobLifecycle;
  logger: Logger;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  concurrency: number;
  /** Counted from TTAPI's acceptance of the job. */
  giveUpAfterMs: number;
  /** How long an `unconfirmed` job waits for a callback to name its TTAPI job. */
  unconfirmedWaitMs: number;
  /**
   * Told when the store fails under a poll; it logs an outage once and its end once (see
   * StoreHealth). Without it, each failed poll is a warning.
   */
  storeFailed?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Polls every in-flight job from one due-time queue (a heap: O(log n) per job): one timer
 * for the whole bot (armed for the earliest due job), never a timer or loop per job. At
 * most `concurrency` polls are asking TTAPI at once; what a poll does with the answer
 * (store writes, showing it, a video's upload) runs outside that bound, so a store far
 * away or a slow upload never holds up other jobs' polls.
 */
export class JobTracker {
  private readonly due = new DueQueue();
  private readonly running = new Map<string, Promise<void>>();
  /** Polls not yet past their TTAPI fetch: bounded by `concurrency`. */
  private fetching = 0;
  /** Jobs asked to be polled again at once while a poll of theirs was under way. */
  private readonly again = new Set<string>();
  /** TTAPI job ids that callbacks named for `unconfirmed` jobs, until a poll checks them. */
  private readonly claims = new Map<string, string>();
  /** Jobs TTAPI accepted whose new state the store did not take: written by their next poll. */
  private readonly unsaved = new Map<string, JobRecord>();
  /** The last record of each job followed, written back if the store loses it. */
  private readonly followed: FollowedJobs;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: JobTrackerOptions) {
    this.now = options.now ?? Date.now;
    this.followed = new FollowedJobs(options.jobs, options.logger);
  }

  track(job: JobRecord, delayMs = firstPollDelay(job, this.options, this.now())): void {
    if (this.stopped || isTerminal(job)) return;
    this.followed.remember(job);
    this.due.set(job.id, this.now() + delayMs);
    this.pump();
  }

  /**
   * Follows a job TTAPI accepted although saving that failed (the store went away right
   * after the submit): it is kept here, saved (and shown) by its next poll, and polled
   * after that like any other. TTAPI has it and charges for it, so it is never dropped.
   */
  trackUnsaved(job: JobRecord): void {
    this.unsaved.set(job.id, job);
    this.track(job, this.options.pollIntervalMs);
  }

  /**
   * Polls a job as soon as a slot is free (a TTAPI callback said it changed). The job may
   * not be tracked yet (its "queued" is still being shown) or be mid-poll: it is polled
   * then, not forgotten. A poll of a job that has ended reads the store and stops.
   */
  pollSoon(jobId: string, claimedTtapiJobId?: string): void {
    if (this.stopped) return;
    if (claimedTtapiJobId) this.claims.set(jobId, claimedTtapiJobId);
    if (this.running.has(jobId)) this.again.add(jobId);
    else this.due.set(jobId, this.now());
    this.pump();
  }

  /** Stops polling and waits for polls under way, so no store write is cut off. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.due.clear();
    this.again.clear();
    this.claims.clear();
    this.unsaved.clear();
    this.followed.clear();
    await Promise.allSettled(this.running.values());
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const now = this.now();
    while (this.fetching < this.options.concurrency) {
      const next = this.earliestDue();
      if (!next || next.at > now) break;
      this.due.delete(next.id);
      this.fetching++;
      let slot = true;
      const fetched = () => {
        if (!slot) return;
        slot = false;
        this.fetching--;
        this.pump();
      };
      const poll = this.poll(next.id, fetched)
        .catch((error: unknown) => {
          // The store failed under the poll (a Redis link dropped mid-command): the job is
          // not given up, it is looked at again later.
          const { storeFailed, logger } = this.options;
          if (storeFailed) storeFailed(error);
          else logger.warn({ err: error, jobId: next.id }, "poll failed; will retry");
          if (!this.stopped) this.due.set(next.id, this.now() + this.options.pollIntervalMs);
        })
        .finally(() => {
          fetched();
          this.running.delete(next.id);
          if (this.again.delete(next.id)) this.due.set(next.id, this.now());
          this.pump();
        });
      this.running.set(next.id, poll);
    }
    const next = this.earliestDue();
    if (next && this.fetching < this.options.concurrency) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, next.at - now));
    }
  }

  private earliestDue(): { id: string; at: number } | undefined {
    return this.due.earliest((id) => this.running.has(id));
  }

  /** `fetched`: called once TTAPI has answered (or will not be asked), freeing its slot. */
  private async poll(id: string, fetched: () => void): Promise<void> {
    const unsaved = this.unsaved.get(id);
    if (unsaved) {
      // Throws while the store is still away: the poll is tried again later.
      await this.options.lifecycle.update(unsaved);
      this.unsaved.delete(id);
    }
    // The store is the source of truth: another path may have finished or changed the job.
    const stored = (await this.options.jobs.get(id)) ?? (await this.followed.writeBack(id));
    const claim = this.claims.get(id);
    this.claims.delete(id);
    if (stored && claim && awaitsLateConfirmation(stored, this.now(), this.options.giveUpAfterMs)) {
      return this.confirmLate(stored, claim);
    }
    if (!stored || isTerminal(stored)) {
      this.followed.forget(id);
      return;
    }
    const job = stored.status === "unconfirmed" ? await this.confirm(stored, claim) : stored;
    if (!job?.ttapiJobId) return;
    const now = this.now();
    if (now - (job.submittedAt ?? job.createdAt) > this.options.giveUpAfterMs) {
      await this.finish({
        ...job,
        status: "timed_out",
        failure: { kind: "timed_out", reason: null },
      });
      return;
    }

    let progress: JobProgress;
    try {
      progress = await (await this.ttapiFor(job)).fetchJob(job.ttapiJobId);
    } catch (error) {
      const pollErrors = job.pollErrors + 1;
      const kind = error instanceof TtapiError ? error.kind : "unknown";
      this.options.logger.warn({ jobId: id, kind, pollErrors }, "poll failed; will retry");
      await this.options.jobs.save({ ...job, pollErrors, updatedAt: now });
      this.track(job, pollErrorDelay(pollErrors, this.options));
      return;
    } finally {
      fetched();
    }

    const polled = { ...job, polls: job.polls + 1, pollErrors: 0, updatedAt: now };
    const next = pastEta(applyProgress(polled, progress), now);
    if (progress.state === "succeeded" && progress.videoUrl === null) {
      // Done and charged, but nothing to show: the member is told; the operator must ask TTAPI.
      this.options.logger.error(
        { jobId: job.id, ttapiJobId: job.ttapiJobId, credits: progress.credits },
        "TTAPI reported the job done (SUCCESS) without a video file",
      );
    }
    if (isTerminal(next)) {
      await this.finish(next);
      return;
    }
    // Shown when the status changes, and once when the job runs past its ETA.
    if (next.status !== job.status || next.eta?.overdue !== job.eta?.overdue) {
      await this.options.lifecycle.update(next);
    } else await this.options.jobs.save(next);
    this.track(next, nextPollDelay(next.polls, this.options));
  }

  /** The account the job was submitted with; its server's key gone, a poll error. */
  private async ttapiFor(job: JobRecord): Promise<Pick<TtapiClient, "fetchJob">> {
    const account = await trackAccountOf(job, this.options.ttapi, this.options.serverTtapi);
    if (account) return account.ttapi;
    throw new TtapiError("auth", "the server's own TTAPI key was removed", {
      mayHaveReachedTtapi: false,
    });
  }

  /**
   * An `unconfirmed` job becomes an ordinary one once a fetch of the TTAPI job a callback
   * named succeeds (a callback alone proves nothing). Without one by the end of the wait,
   * it ends: TTAPI never confirmed it, and its reservation is given back.
   */
  private async confirm(job: JobRecord, claim: string | undefined): Promise<JobRecord | undefined> {
    const since = job.unconfirmedSince ?? job.updatedAt;
    if (claim) {
      try {
        await (await this.ttapiFor(job)).fetchJob(claim);
        this.options.logger.info({ jobId: job.id, ttapiJobId: claim }, "unconfirmed job confirmed");
        return await this.options.lifecycle.update({
          ...job,
          ttapiJobId: claim,
          status: "queued",
          unconfirmedSince: null,
          submittedAt: since,
          updatedAt: this.now(),
        });
      } catch (error) {
        const kind = error instanceof TtapiError ? error.kind : "unknown";
        this.options.logger.warn(
          { jobId: job.id, kind },
          "a callback named a job TTAPI does not confirm; still waiting",
        );
      }
    }
    const left = since + this.options.unconfirmedWaitMs - this.now();
    if (left > 0) {
      this.track(job, left);
      return undefined;
    }
    await this.finish(failedJob(job, "submit_uncertain", null, this.now()));
    return undefined;
  }

  /**
   * A callback named the TTAPI job of a request the bot had given up as never confirmed
   * (and told its member it did not count): once a fetch confirms it, it is counted again
   * and followed to its video, shown as a correction under the request.
   */
  private async confirmLate(job: JobRecord, claim: string): Promise<void> {
    const { logger, lifecycle } = this.options;
    try {
      await (await this.ttapiFor(job)).fetchJob(claim);
    } catch (error) {
      const kind = error instanceof TtapiError ? error.kind : "unknown";
      logger.warn({ jobId: job.id, kind }, "a late callback named a job TTAPI does not confirm");
      return;
    }
    logger.warn(
      { jobId: job.id, ttapiJobId: claim },
      "TTAPI made a job after its unconfirmed wait ended: counted again and delivered late",
    );
    this.track(await lifecycle.revive(job, claim, this.now()));
  }

  private async finish(job: JobRecord): Promise<void> {
    this.followed.forget(job.id);
    await this.options.lifecycle.end(job);
    this.options.logger.info({ jobId: job.id, status: job.status }, "job finished");
  }
}
