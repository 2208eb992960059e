import type { Logger } from "../../logger.js";
import type { GenerationRequest } from "../generation-request.js";
import type { Exceeded, QuotaService } from "../quotas/quota-service.js";
import { scopeOf } from "../quotas/quota-service.js";
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

export type StartResult =
  | { kind: "started"; job: JobRecord }
  | { kind: "over_quota"; exceeded: Exceeded; resetsAt: number };

export interface GenerationServiceOptions {
  ttapi: Pick<TtapiClient, "submit">;
  jobs: JobStore;
  tracker: JobTracker;
  notifier: JobNotifier;
  quotas: QuotaService;
  logger: Logger;
  now?: () => number;
}

/**
 * Starts a generation, for `/grok-video` and for retries alike: reserve quota, submit to
 * TTAPI, record it, show it, hand it to the tracker.
 */
export class GenerationService {
  private readonly now: () => number;

  constructor(private readonly options: GenerationServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  async start(input: StartGeneration): Promise<StartResult> {
    const { jobs, ttapi, tracker, quotas, logger } = this.options;
    const reservation = await quotas.reserve({
      scope: scopeOf(input.origin),
      userId: input.origin.userId,
      jobId: input.id,
      videoSeconds: input.request.videoLength,
    });
    if (!reservation.ok) {
      return { kind: "over_quota", exceeded: reservation.exceeded, resetsAt: reservation.resetsAt };
    }

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
      charge: reservation.charge,
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
      if (!(error instanceof TtapiError)) {
        await quotas.release(reservation.charge, input.id);
        throw error;
      }
      logger.warn(
        { jobId: draft.id, kind: error.kind, status: error.details.httpStatus },
        "submit failed",
      );
      const kind = submitFailureKind(error);
      job = {
        ...draft,
        status: "failed",
        failure: { kind, reason: error.reason ?? null },
        updatedAt: this.now(),
      };
      // TTAPI may have started (and billed) an unconfirmed submit: keep that reservation.
      if (kind === "submit_uncertain") await quotas.settle(reservation.charge, input.id, null);
      else await quotas.release(reservation.charge, input.id);
    }
    // Saved before the user is told, so an acknowledged job survives a crash.
    await jobs.save(job);
    const delivery = await this.options.notifier.publish(job);
    if (delivery !== job.delivery) {
      job = { ...job, delivery };
      await jobs.save(job);
    }
    tracker.track(job);
    return { kind: "started", job };
  }
}

/** Settles a finished job's reservation with what TTAPI charged, or gives it back. */
export async function settleCharge(quotas: QuotaService, job: JobRecord): Promise<void> {
  if (!job.charge) return;
  if (job.status === "succeeded")
    await quotas.settle(job.charge, job.id, job.result?.credits ?? null);
  else await quotas.release(job.charge, job.id);
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
