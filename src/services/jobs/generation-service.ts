import { randomBytes } from "node:crypto";
import type { Logger } from "../../logger.js";
import type { GenerationRequest } from "../generation-request.js";
import { KeyedMutex } from "../keyed-mutex.js";
import { type Exceeded, type QuotaService, scopeId, scopeOf } from "../quotas/quota-service.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { TtapiError } from "../ttapi/ttapi-error.js";
import type { JobNotifier } from "./job-notifier.js";
import type { JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import type { JobTracker } from "./job-tracker.js";
import { saveAndShow } from "./save-and-show.js";
import { SubmitQueue } from "./submit-queue.js";

export interface StartGeneration {
  id: string;
  request: GenerationRequest;
  origin: JobRecord["origin"];
  delivery: Omit<JobRecord["delivery"], "messageId">;
}

export type StartResult =
  | { kind: "started"; job: JobRecord }
  | { kind: "over_quota"; exceeded: Exceeded; resetsAt: number }
  | { kind: "too_many_active"; scope: "user" | "guild"; limit: number };

export interface GenerationServiceOptions {
  ttapi: Pick<TtapiClient, "submit">;
  jobs: JobStore;
  tracker: JobTracker;
  notifier: JobNotifier;
  quotas: QuotaService;
  logger: Logger;
  /** Unfinished jobs one member / one guild may have at once. */
  maxActivePerUser: number;
  maxActivePerGuild: number;
  /** Base delay before the bot's own line asks TTAPI again after a 429/499. */
  submitRetryDelayMs: number;
  /** A job still waiting in line after this long is given up, as polling gives up. */
  giveUpAfterMs: number;
  /** The callback URL for a job, when TTAPI callbacks are on. */
  hookUrl?: (jobId: string, token: string) => string;
  now?: () => number;
}

/**
 * Starts generations, for `/grok-video` and for retries alike: admission (jobs in flight,
 * quota), submit to TTAPI (or wait in line when TTAPI is full), record, show, track.
 */
export class GenerationService {
  private readonly now: () => number;
  private readonly admission = new KeyedMutex();
  private readonly queue: SubmitQueue;

  constructor(private readonly options: GenerationServiceOptions) {
    this.now = options.now ?? Date.now;
    this.queue = new SubmitQueue({
      attempt: (jobId) => this.attemptWaiting(jobId),
      onLineMoved: (waiting) => this.showPositions(waiting),
      retryDelayMs: options.submitRetryDelayMs,
      maxRetryDelayMs: options.submitRetryDelayMs * 8,
      logger: options.logger,
    });
  }

  async start(input: StartGeneration): Promise<StartResult> {
    const admitted = await this.admit(input);
    if (admitted.kind !== "admitted") return admitted;
    return { kind: "started", job: await this.submit(admitted.draft) };
  }

  /**
   * Picks up every unfinished job after a start: polling ones are polled at once, waiting
   * ones get back in line, and one that was being submitted when the bot died is failed
   * without resubmitting (TTAPI may have accepted and billed it).
   */
  async resume(): Promise<number> {
    const active = await this.options.jobs.listActive();
    for (const job of active) {
      if (job.status === "waiting") this.queue.add(job.id);
      else if (job.status === "submitting") await this.fail(job, "submit_uncertain", null);
      else this.options.tracker.track(job, 0);
    }
    if (this.queue.waiting.length > 0) await this.showPositions(this.queue.waiting);
    return active.length;
  }

  stop(): Promise<void> {
    return this.queue.stop();
  }

  /** Checks caps and quota and writes the draft, atomically per guild (or DM user). */
  private admit(
    input: StartGeneration,
  ): Promise<Exclude<StartResult, { kind: "started" }> | { kind: "admitted"; draft: JobRecord }> {
    const { jobs, quotas, maxActivePerUser, maxActivePerGuild } = this.options;
    const scope = scopeOf(input.origin);
    return this.admission.run(scopeId(scope), async () => {
      const active = await jobs.countActive(input.origin);
      if (active.user >= maxActivePerUser) {
        return { kind: "too_many_active", scope: "user", limit: maxActivePerUser } as const;
      }
      if (input.origin.guildId && active.guild >= maxActivePerGuild) {
        return { kind: "too_many_active", scope: "guild", limit: maxActivePerGuild } as const;
      }
      const reservation = await quotas.reserve({
        scope,
        userId: input.origin.userId,
        jobId: input.id,
        videoSeconds: input.request.videoLength,
      });
      if (!reservation.ok) {
        return {
          kind: "over_quota",
          exceeded: reservation.exceeded,
          resetsAt: reservation.resetsAt,
        } as const;
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
        waitingPosition: null,
        hookToken: this.options.hookUrl ? randomBytes(24).toString("base64url") : null,
        charge: reservation.charge,
        createdAt,
        updatedAt: createdAt,
        polls: 0,
        pollErrors: 0,
      };
      // Written before anything is sent, so a crash during the submit is known on restart.
      await jobs.save(draft);
      return { kind: "admitted", draft } as const;
    });
  }

  /** One submit attempt; the outcome is recorded, shown and (if accepted) tracked. */
  private async submit(job: JobRecord): Promise<JobRecord> {
    const { ttapi, logger, hookUrl } = this.options;
    try {
      const url = hookUrl && job.hookToken ? hookUrl(job.id, job.hookToken) : undefined;
      const { jobId } = await ttapi.submit(job.request, url);
      logger.info({ jobId: job.id, ttapiJobId: jobId }, "job submitted");
      const accepted: JobRecord = {
        ...job,
        ttapiJobId: jobId,
        status: "queued",
        waitingPosition: null,
        updatedAt: this.now(),
      };
      const shown = await this.saveAndShow(accepted);
      this.options.tracker.track(shown);
      return shown;
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
        if (job.status === "waiting") return job;
        const position = this.queue.add(job.id);
        return this.saveAndShow({
          ...job,
          status: "waiting",
          waitingPosition: position,
          updatedAt: this.now(),
        });
      }
      return this.fail(job, submitFailureKind(error), error.reason ?? null);
    }
  }

  private async attemptWaiting(jobId: string): Promise<boolean> {
    const job = await this.options.jobs.get(jobId);
    if (!job || job.status !== "waiting") return true;
    if (this.now() - job.createdAt > this.options.giveUpAfterMs) {
      await this.fail(job, "busy_timed_out", null);
      return true;
    }
    return (await this.submit(job)).status !== "waiting";
  }

  /** Edits waiting jobs whose place in line changed, and only those. */
  private async showPositions(waiting: readonly string[]): Promise<void> {
    for (const [index, id] of waiting.entries()) {
      const job = await this.options.jobs.get(id);
      if (job?.status === "waiting" && job.waitingPosition !== index + 1) {
        await this.saveAndShow({ ...job, waitingPosition: index + 1, updatedAt: this.now() });
      }
    }
  }

  private async fail(job: JobRecord, kind: string, reason: string | null): Promise<JobRecord> {
    const failed = await this.saveAndShow({
      ...job,
      status: "failed",
      failure: { kind, reason },
      waitingPosition: null,
      updatedAt: this.now(),
    });
    await settleCharge(this.options.quotas, failed);
    return failed;
  }

  private saveAndShow(job: JobRecord): Promise<JobRecord> {
    return saveAndShow(this.options.jobs, this.options.notifier, job);
  }
}

/**
 * Settles a finished job's reservation with what TTAPI charged, or gives it back. A
 * submit that may have reached TTAPI unconfirmed keeps its reservation: TTAPI may bill it.
 */
export async function settleCharge(quotas: QuotaService, job: JobRecord): Promise<void> {
  if (!job.charge) return;
  if (job.status === "succeeded" || job.failure?.kind === "submit_uncertain") {
    await quotas.settle(job.charge, job.id, job.result?.credits ?? null);
  } else {
    await quotas.release(job.charge, job.id);
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
