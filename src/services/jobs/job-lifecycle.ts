import type { QuotaService } from "../quotas/quota-service.js";
import type { JobNotifier } from "./job-notifier.js";
import { isTerminal, type JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";

/**
 * What a finished job does with its quota reservation. A submit that may have reached
 * TTAPI unconfirmed keeps it (TTAPI may bill it); any other job without a video gives it back.
 */
export function chargeOutcome(job: JobRecord): "settle" | "release" | "none" {
  if (!job.charge || !isTerminal(job)) return "none";
  return job.status === "succeeded" || job.failure?.kind === "submit_uncertain"
    ? "settle"
    : "release";
}

export interface JobLifecycleOptions {
  jobs: JobStore;
  quotas: Pick<QuotaService, "settle" | "release">;
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
    if (outcome === "settle") await quotas.settle(job.charge!, job.id, job.result?.credits ?? null);
    if (outcome === "release") await quotas.release(job.charge!, job.id);
    await jobs.save(job);
    for (const listener of this.endedListeners) listener(job);
    return this.show(job);
  }

  /** Shows a job and keeps where it now lives, if that changed (a new message, a dead token). */
  private async show(job: JobRecord): Promise<JobRecord> {
    const { jobs, notifier } = this.options;
    const delivery = await notifier.publish(job);
    if (delivery === job.delivery) return job;
    const moved = { ...job, delivery };
    await jobs.save(moved);
    if (delivery.messageId && delivery.messageId !== job.delivery.messageId) {
      await jobs.linkMessage(delivery.messageId, job.id);
    }
    return moved;
  }
}
