import type { QuotaService } from "../quotas/quota-service.js";
import type { JobNotifier } from "./job-notifier.js";
import {
  awaitsVideo,
  chargesOf,
  isTerminal,
  type JobRecord,
  type VideoDelivery,
} from "./job-record.js";
import type { JobStore } from "./job-store.js";

/**
 * What a finished job does with its quota reservation: a made video counts, any job
 * without one gives it back (an unconfirmed submit holds it only while it is unconfirmed).
 */
export function chargeOutcome(job: JobRecord): "settle" | "release" | "none" {
  if (!job.charge || !isTerminal(job)) return "none";
  return job.status === "succeeded" ? "settle" : "release";
}

const LINKED: VideoDelivery = { state: "linked", why: null };

export interface JobLifecycleOptions {
  jobs: JobStore;
  quotas: Pick<QuotaService, "settle" | "release" | "recordAgain">;
  notifier: JobNotifier;
}

/**
 * The one owner of how a job's state is written and shown, so no path (the poller, the
 * submit line, a callback, a future cancel) can show an outcome the store does not hold,
 * or end a job without settling its quota.
 */
export class JobLifecycle {
  private readonly endedListeners: ((job: JobRecord) => void)[] = [];

  constructor(private readonly options: JobLifecycleOptions) {}

  /** Called once per ending, as soon as the store holds it (before it is shown). */
  onEnded(listener: (job: JobRecord) => void): void {
    this.endedListeners.push(listener);
  }

  /** A job still under way: saved, then shown. */
  async update(job: JobRecord): Promise<JobRecord> {
    await this.options.jobs.save(job);
    return this.show(job);
  }

  /**
   * Ends a job: quota settled or given back → ending saved → shown. Settling first is safe
   * to repeat (settling an already closed reservation changes nothing), so a crash in
   * between leaves an unfinished job that is simply ended again after the restart.
   */
  async end(job: JobRecord): Promise<JobRecord> {
    if (!isTerminal(job)) throw new Error(`job ${job.id} is not finished (${job.status})`);
    const { quotas, jobs } = this.options;
    const outcome = chargeOutcome(job);
    // The server's (or member's) reservations and the operator's budget, closed together.
    await Promise.all(
      chargesOf(job).map((charge) =>
        outcome === "settle"
          ? quotas.settle(charge, job.id, job.result?.credits ?? null)
          : outcome === "release"
            ? quotas.release(charge, job.id)
            : undefined,
      ),
    );
    await jobs.save(job);
    for (const listener of this.endedListeners) listener(job);
    return this.show(job);
  }

  /**
   * Brings back a job that was ended as never confirmed, now that TTAPI proved it made
   * (`ttapiJobId`): counted again as it is charged (state before words), then shown as a
   * new message under the request that says the earlier ending was wrong.
   */
  async revive(job: JobRecord, ttapiJobId: string, now: number): Promise<JobRecord> {
    const { quotas } = this.options;
    const request = {
      userId: job.origin.userId,
      jobId: job.id,
      videoSeconds: job.request.videoLength,
    };
    const again = (charge: JobRecord["charge"]) =>
      charge ? quotas.recordAgain(charge, request) : Promise.resolve(null);
    const [charge, memberCharge, budgetCharge] = await Promise.all([
      again(job.charge),
      again(job.memberCharge),
      again(job.budgetCharge),
    ]);
    const { delivery } = job;
    return this.update({
      ...job,
      status: "queued",
      ttapiJobId,
      failure: null,
      correction: true,
      charge,
      memberCharge,
      budgetCharge,
      submittedAt: now,
      updatedAt: now,
      // A new message under the one that said it failed, which stays as history.
      delivery: {
        ...delivery,
        interactionToken: null,
        replyToMessageId: delivery.messageId ?? delivery.replyToMessageId,
        messageId: null,
      },
    });
  }

  /**
   * Delivers the video of a job that succeeded before a stop cut its upload short (it is
   * still among the unfinished jobs): once, like the first time.
   */
  deliverVideo(job: JobRecord): Promise<JobRecord> {
    return this.show(job);
  }

  /**
   * Shows a job and keeps what showing it changed: where it lives (a new message, a dead
   * token) and, for a finished video, whether it was attached.
   */
  private async show(job: JobRecord): Promise<JobRecord> {
    const { jobs, notifier } = this.options;
    const published = await notifier.publish(job);
    const { delivery } = published;
    // A notifier that says nothing of the video showed TTAPI's link.
    const video = published.video ?? (awaitsVideo(job) ? LINKED : undefined);
    if (delivery === job.delivery && !video) return job;
    const shown: JobRecord = {
      ...job,
      delivery,
      ...(video && job.result ? { result: { ...job.result, video } } : {}),
    };
    await jobs.save(shown);
    if (delivery.messageId && delivery.messageId !== job.delivery.messageId) {
      await jobs.linkMessage(delivery.messageId, job.id);
    }
    return shown;
  }
}
