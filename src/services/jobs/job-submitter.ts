import type { Logger } from "../../logger.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { TtapiError } from "../ttapi/ttapi-error.js";
import type { JobDurations } from "./job-durations.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import { type FailureKind, failedJob, type JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import type { JobTracker } from "./job-tracker.js";

export interface JobSubmitterOptions {
  ttapi: Pick<TtapiClient, "submit">;
  jobs: Pick<JobStore, "save">;
  /** What TTAPI has been taking, for the ETA a job gets when TTAPI accepts it. */
  durations: Pick<JobDurations, "expected">;
  lifecycle: Pick<JobLifecycle, "update" | "end">;
  tracker: Pick<JobTracker, "track">;
  logger: Logger;
  /** The callback URL for a job, when TTAPI callbacks are on. */
  hookUrl?: (jobId: string, token: string) => string;
  now: () => number;
}

/** What one submit came to: accepted (and tracked), failed (and ended), or TTAPI full. */
export type SubmitOutcome =
  | { kind: "accepted" | "failed"; job: JobRecord }
  /** TTAPI turned it away unread (429/499): saved as waiting, for the line to try again. */
  | { kind: "ttapi_full"; job: JobRecord };

/** Sends one saved job to TTAPI and records what happened before it is shown. */
export class JobSubmitter {
  constructor(private readonly options: JobSubmitterOptions) {}

  async submit(job: JobRecord): Promise<SubmitOutcome> {
    const { ttapi, logger, hookUrl, now } = this.options;
    try {
      const url = hookUrl && job.hookToken ? hookUrl(job.id, job.hookToken) : undefined;
      const { jobId } = await ttapi.submit(job.request, url);
      logger.info({ jobId: job.id, ttapiJobId: jobId }, "job submitted");
      const at = now();
      const expected = await this.options.durations.expected(job.request.videoLength);
      const shown = await this.options.lifecycle.update({
        ...job,
        ttapiJobId: jobId,
        status: "queued",
        waitingPosition: null,
        eta: expected === null ? null : { readyAt: at + expected, overdue: false },
        submittedAt: at,
        updatedAt: at,
      });
      this.options.tracker.track(shown);
      return { kind: "accepted", job: shown };
    } catch (error) {
      if (!(error instanceof TtapiError)) {
        await this.fail(job, "unknown", null);
        throw error;
      }
      logger.warn(
        { jobId: job.id, kind: error.kind, status: error.details.httpStatus },
        "submit failed",
      );
      if (error.kind === "rate_limited" && !error.details.mayHaveReachedTtapi) {
        if (job.status === "waiting") return { kind: "ttapi_full", job };
        const waiting: JobRecord = { ...job, status: "waiting", updatedAt: now() };
        await this.options.jobs.save(waiting);
        return { kind: "ttapi_full", job: waiting };
      }
      return {
        kind: "failed",
        job: await this.fail(job, submitFailureKind(error), error.reason ?? null),
      };
    }
  }

  fail(job: JobRecord, kind: FailureKind, reason: string | null): Promise<JobRecord> {
    return this.options.lifecycle.end(failedJob(job, kind, reason, this.options.now()));
  }
}

/**
 * A submit that may have reached TTAPI but got no answer gets its own kind: the bot
 * does not resubmit it (that could pay twice), and the user is told to try again.
 */
function submitFailureKind(error: TtapiError): FailureKind {
  if ((error.kind === "timeout" || error.kind === "network") && error.details.mayHaveReachedTtapi) {
    return "submit_uncertain";
  }
  return error.kind;
}
