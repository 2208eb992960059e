import type { Logger } from "../../logger.js";
import type { GenerationRequest } from "../generation-request.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { TtapiError } from "../ttapi/ttapi-error.js";
import type { JobNotifier } from "./job-notifier.js";
import type { JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import type { JobTracker } from "./job-tracker.js";

export interface StartGeneration {
  id: string;
  request: GenerationRequest;
  origin: JobRecord["origin"];
  delivery: Omit<JobRecord["delivery"], "messageId">;
}

export interface GenerationServiceOptions {
  ttapi: Pick<TtapiClient, "submit">;
  jobs: JobStore;
  tracker: JobTracker;
  notifier: JobNotifier;
  logger: Logger;
  now?: () => number;
}

/** Starts a generation: submit to TTAPI, record it, show it, hand it to the tracker. */
export class GenerationService {
  private readonly now: () => number;

  constructor(private readonly options: GenerationServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(input: StartGeneration): Promise<JobRecord> {
    const { jobs, ttapi, tracker, logger } = this.options;
    const createdAt = this.now();
    const draft: JobRecord = {
      id: input.id,
      ttapiJobId: null,
      status: "submitting",
      request: input.request,
      origin: input.origin,
      delivery: { ...input.delivery, messageId: null },
      result: null,
      failure: null,
      createdAt,
      updatedAt: createdAt,
      polls: 0,
      pollErrors: 0,
    };
    await jobs.save(draft);

    let job: JobRecord;
    try {
      const { jobId } = await ttapi.submit(input.request);
      job = { ...draft, ttapiJobId: jobId, status: "queued", updatedAt: this.now() };
      logger.info({ jobId: job.id, ttapiJobId: jobId }, "job submitted");
    } catch (error) {
      if (!(error instanceof TtapiError)) throw error;
      logger.warn(
        { jobId: draft.id, kind: error.kind, status: error.details.httpStatus },
        "submit failed",
      );
      job = {
        ...draft,
        status: "failed",
        failure: { kind: submitFailureKind(error), reason: error.reason ?? null },
        updatedAt: this.now(),
      };
    }
    // Saved before the user is told, so an acknowledged job survives a crash.
    await jobs.save(job);
    const { messageId } = await this.options.notifier.publish(job);
    if (messageId) {
      job = { ...job, delivery: { ...job.delivery, messageId } };
      await jobs.save(job);
    }
    tracker.track(job);
    return job;
  }
}

/**
 * A submit that may have reached TTAPI but got no answer gets its own kind: the bot
 * does not resubmit it (that could pay twice), and the user is told to try again.
 */
function submitFailureKind(error: TtapiError): string {
  if ((error.kind === "timeout" || error.kind === "network") && error.details.mayHaveReachedTtapi) {
    return "submit_uncertain";
  }
  return error.kind;
}
