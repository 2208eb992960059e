import type { Logger } from "../../logger.js";
import type { QuotaService } from "../quotas/quota-service.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import type { JobNotifier } from "./job-notifier.js";
import { awaitsVideo, chargesOf, isTerminal } from "./job-record.js";
import type { ActiveEntry, JobStore, UnfinishedJob } from "./job-store.js";
import type { JobSubmitter } from "./job-submitter.js";
import type { JobTracker } from "./job-tracker.js";
import type { WaitingJobs } from "./waiting-jobs.js";

export interface ResumeDeps {
  jobs: Pick<JobStore, "readForResume" | "forgetActive">;
  quotas: Pick<QuotaService, "release">;
  notifier: Pick<JobNotifier, "tellLost">;
  lifecycle: Pick<JobLifecycle, "deliverVideo">;
  tracker: Pick<JobTracker, "track">;
  waiting: Pick<WaitingJobs, "join">;
  submitter: Pick<JobSubmitter, "unconfirmed">;
  logger: Logger;
  /** Resumed jobs get their first poll spread over this long (the poll interval). */
  spreadMs: number;
}

/** Job records read per round trip while resuming. */
const RESUME_PAGE = 500;

/**
 * Picks up this process's unfinished jobs after a start, reading their records a page at
 * a time: polling ones get their first poll spread over one poll interval (never
 * thousands of fetches at once), waiting ones get back in line in their order, made ones
 * whose video was not in Discord yet get it (attached again from the start), and one
 * that was being submitted when the bot died becomes unconfirmed, never resubmitted (TTAPI
 * may have accepted and billed it). Returns how many there were.
 */
export async function resumeJobs(
  active: readonly UnfinishedJob[],
  deps: ResumeDeps,
): Promise<number> {
  const { jobs, tracker, spreadMs } = deps;
  for (let first = 0; first < active.length; first += RESUME_PAGE) {
    const page = active.slice(first, first + RESUME_PAGE);
    const records = await jobs.readForResume(page.map((unfinished) => unfinished.id));
    for (const [offset, { id, entry }] of page.entries()) {
      const job = records.get(id);
      if (job === "unreadable") {
        await lost(id, entry, deps);
      } else if (job && awaitsVideo(job)) {
        // Made, but the stop cut its upload short: shown now, without holding up the start.
        deps.lifecycle.deliverVideo(job).catch((error: unknown) => {
          deps.logger.warn({ err: error, jobId: job.id }, "video not delivered");
        });
      } else if (!job || isTerminal(job)) {
        // Its record expired, or the bot stopped between writing an ending and its key.
        await jobs.forgetActive(id);
      } else if (job.status === "waiting") {
        deps.waiting.join(job, "server_full");
      } else if (job.status === "submitting") {
        // The bot died with the submit in the air: TTAPI may have it, so it is never resent.
        await deps.submitter.unconfirmed(job);
      } else if (job.status === "unconfirmed") {
        tracker.track(job);
      } else {
        tracker.track(job, Math.floor(((first + offset) / active.length) * spreadMs));
      }
    }
  }
  return active.length;
}

/**
 * A job whose record cannot be read back: what its row still says is used. Its quota
 * reservation is given back, then its member is told (state before words).
 */
async function lost(id: string, entry: ActiveEntry, deps: ResumeDeps): Promise<void> {
  await Promise.all(chargesOf(entry).map((charge) => deps.quotas.release(charge, id)));
  await deps.jobs.forgetActive(id);
  if (!entry.channelId) return;
  await deps.notifier
    .tellLost({
      jobId: id,
      userId: entry.userId,
      channelId: entry.channelId,
      messageId: entry.messageId,
      locale: entry.locale,
      createdAt: entry.createdAt,
    })
    .catch((error: unknown) => {
      deps.logger.warn({ err: error, jobId: id }, "could not tell the member of a lost request");
    });
}
