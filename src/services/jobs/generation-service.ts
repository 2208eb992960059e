import { randomBytes } from "node:crypto";
import type { Logger } from "../../logger.js";
import type { GenerationRequest } from "../generation-request.js";
import { findBlocked } from "../guild-settings/blocked-words.js";
import type { GuildSettingsService } from "../guild-settings/guild-settings.js";
import { KeyedMutex } from "../keyed-mutex.js";
import { type Exceeded, type QuotaService, scopeId, scopeOf } from "../quotas/quota-service.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { TtapiError } from "../ttapi/ttapi-error.js";
import type { JobDurations } from "./job-durations.js";
import type { JobHistory } from "./job-history.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import { awaitsVideo, type FailureKind, isTerminal, type JobRecord } from "./job-record.js";
import type { JobStore, UnfinishedJob } from "./job-store.js";
import type { JobTracker } from "./job-tracker.js";
import { type AttemptResult, SubmitLine } from "./submit-line.js";

export interface StartGeneration {
  id: string;
  request: GenerationRequest;
  origin: JobRecord["origin"];
  delivery: Omit<JobRecord["delivery"], "messageId" | "uploadLimitBytes"> & {
    /** The interaction's upload limit, when the job starts from one. */
    uploadLimitBytes?: number | null;
  };
}

export type StartResult =
  | { kind: "started"; job: JobRecord }
  | { kind: "over_quota"; exceeded: Exceeded; resetsAt: number }
  /** The member already has this many unfinished videos (waiting ones included). */
  | { kind: "too_many_active"; limit: number }
  /** The server's line already holds this many requests. */
  | { kind: "line_full"; limit: number }
  /** The server allows videos only in these channels. */
  | { kind: "channel_not_allowed"; channels: string[] }
  /** The prompt contains something the server blocked (which is not said back). */
  | { kind: "blocked_prompt" };

export interface GenerationServiceOptions {
  ttapi: Pick<TtapiClient, "submit">;
  jobs: JobStore;
  /** Where a server allows videos, and what it blocks. */
  guildSettings: Pick<GuildSettingsService, "get">;
  /** Each member's recent jobs, for `/grok-jobs`. */
  history: Pick<JobHistory, "add">;
  /** What TTAPI has been taking, for the ETA a job gets when TTAPI accepts it. */
  durations: Pick<JobDurations, "expected">;
  tracker: JobTracker;
  lifecycle: JobLifecycle;
  quotas: QuotaService;
  logger: Logger;
  /** Unfinished jobs one member may have at once; more are refused. */
  maxActivePerUser: number;
  /** Jobs one server may have at TTAPI at once; more wait in the bot's line. */
  maxActivePerGuild: number;
  /** Requests one server may have waiting in the line; more are refused. */
  maxWaitingPerGuild: number;
  /** Base delay before the bot's line asks TTAPI again after a 429/499. */
  submitRetryDelayMs: number;
  /** How often places in line are re-shown at most while the line moves. */
  placesIntervalMs: number;
  /** A job still waiting in line after this long is given up, as polling gives up. */
  giveUpAfterMs: number;
  /** Resumed jobs get their first poll spread over this long (the poll interval). */
  resumeSpreadMs: number;
  /** The callback URL for a job, when TTAPI callbacks are on. */
  hookUrl?: (jobId: string, token: string) => string;
  now?: () => number;
}

type Refusal = Exclude<StartResult, { kind: "started" }>;

export interface CancelRequest {
  jobId: string;
  actorId: string;
  /** Whether the actor may cancel others' requests; asked only when it is not theirs. */
  isModerator: () => Promise<boolean>;
}

export type CancelOutcome =
  | { kind: "cancelled"; job: JobRecord }
  | { kind: "forbidden" }
  /** TTAPI has it already (it has no cancel), or it has ended. */
  | { kind: "not_waiting" }
  | { kind: "not_found" };

/** Job records read per round trip while resuming. */
const RESUME_PAGE = 500;

/**
 * Starts generations, for `/grok-video` and for retries alike: admission (the member's
 * cap, the quota), then a submit to TTAPI, or a place in the bot's line when the server
 * is at its cap or TTAPI is full. Outcomes are recorded before they are shown.
 */
export class GenerationService {
  private readonly now: () => number;
  private readonly admission = new KeyedMutex();
  /** A waiting job is written by its try and by its place updates: one at a time. */
  private readonly waitingJobs = new KeyedMutex();
  private readonly line: SubmitLine;
  private readonly startedListeners: ((job: JobRecord) => void)[] = [];

  constructor(private readonly options: GenerationServiceOptions) {
    this.now = options.now ?? Date.now;
    this.line = new SubmitLine({
      attempt: (jobId) => this.attemptWaiting(jobId),
      hasRoom: async (guildId) =>
        guildId === null || options.jobs.countInFlightIn(guildId) < options.maxActivePerGuild,
      showPlace: (jobId, place) => this.showPlace(jobId, place),
      retryDelayMs: options.submitRetryDelayMs,
      maxRetryDelayMs: options.submitRetryDelayMs * 8,
      placesIntervalMs: options.placesIntervalMs,
      logger: options.logger,
    });
    // A job ending frees a slot at TTAPI and in its server: the line moves at once.
    options.lifecycle.onEnded(() => this.line.kick());
  }

  /** Called once per admitted job, as soon as the store holds it. */
  onStarted(listener: (job: JobRecord) => void): void {
    this.startedListeners.push(listener);
  }

  /** Requests in the bot's line. */
  get lineLength(): number {
    return this.line.length;
  }

  async start(input: StartGeneration): Promise<StartResult> {
    const refused = await this.refusedByServer(input);
    if (refused) return refused;
    const admitted = await this.admit(input);
    if (admitted.kind !== "admitted") return admitted;
    const { draft } = admitted;
    if (draft.status === "waiting") {
      this.line.join({ jobId: draft.id, guildId: draft.origin.guildId }, "server_full");
      return { kind: "started", job: draft };
    }
    return { kind: "started", job: await this.submit(draft) };
  }

  /**
   * Picks up this process's unfinished jobs after a start, reading their records a page
   * at a time: polling ones get their first poll spread over one poll interval (never
   * thousands of fetches at once), waiting ones get back in line in their order, made ones
   * whose video was not in Discord yet get it (attached again from the start), and one
   * that was being submitted when the bot died is failed without resubmitting (TTAPI may
   * have accepted and billed it).
   */
  async resume(active: readonly UnfinishedJob[]): Promise<number> {
    const { jobs, tracker, resumeSpreadMs } = this.options;
    for (let first = 0; first < active.length; first += RESUME_PAGE) {
      const ids = active.slice(first, first + RESUME_PAGE).map((entry) => entry.id);
      const records = new Map((await jobs.getMany(ids)).map((job) => [job.id, job]));
      for (const [offset, id] of ids.entries()) {
        const job = records.get(id);
        if (job && awaitsVideo(job)) {
          // Made, but the stop cut its upload short: shown now, without holding up the start.
          this.options.lifecycle.deliverVideo(job).catch((error: unknown) => {
            this.options.logger.warn({ err: error, jobId: job.id }, "video not delivered");
          });
        } else if (!job || isTerminal(job)) {
          // Its record expired, or the bot stopped between writing an ending and its key.
          await jobs.forgetActive(id);
        } else if (job.status === "waiting") {
          this.line.join({ jobId: job.id, guildId: job.origin.guildId }, "server_full");
        } else if (job.status === "submitting") {
          await this.fail(job, "submit_uncertain", null);
        } else {
          tracker.track(job, Math.floor(((first + offset) / active.length) * resumeSpreadMs));
        }
      }
    }
    return active.length;
  }

  /**
   * Takes a request out of the bot's line before TTAPI has it: ended as cancelled, its
   * reservation given back before that is shown. Serialized with the line's own tries,
   * so a request is either sent or cancelled, never both.
   */
  cancel(request: CancelRequest): Promise<CancelOutcome> {
    return this.waitingJobs.run(request.jobId, async (): Promise<CancelOutcome> => {
      const job = await this.options.jobs.get(request.jobId);
      if (!job) return { kind: "not_found" };
      if (request.actorId !== job.origin.userId && !(await request.isModerator())) {
        return { kind: "forbidden" };
      }
      if (job.status !== "waiting") return { kind: "not_waiting" };
      this.options.logger.info({ jobId: job.id, by: request.actorId }, "waiting job cancelled");
      return { kind: "cancelled", job: await this.fail(job, "cancelled", null) };
    });
  }

  stop(): Promise<void> {
    return this.line.stop();
  }

  /** The server's own rules (channels, blocked words), before anything is reserved. */
  private async refusedByServer(input: StartGeneration): Promise<Refusal | undefined> {
    const { guildId, channelId } = input.origin;
    if (guildId === null) return undefined;
    const settings = await this.options.guildSettings.get(guildId);
    if (settings.channels.length > 0 && !settings.channels.includes(channelId)) {
      return { kind: "channel_not_allowed", channels: settings.channels };
    }
    if (findBlocked(input.request.prompt, settings.blockedWords) !== undefined) {
      return { kind: "blocked_prompt" };
    }
    return undefined;
  }

  /**
   * Checks the member's cap and the quota and writes the draft, atomically per guild (or
   * DM user). A request that cannot be submitted now is saved as waiting: it keeps its
   * reservation in line, so the line can never overrun a limit.
   */
  private admit(input: StartGeneration): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> {
    const { jobs, quotas, maxActivePerUser, maxActivePerGuild, maxWaitingPerGuild } = this.options;
    const { guildId, userId } = input.origin;
    const scope = scopeOf(input.origin);
    return this.admission.run(
      scopeId(scope),
      async (): Promise<Refusal | { kind: "admitted"; draft: JobRecord }> => {
        if (jobs.countActiveOf(userId) >= maxActivePerUser) {
          return { kind: "too_many_active", limit: maxActivePerUser };
        }
        // Behind others of this server (first come, first served), or no slot free.
        const mustWait =
          this.line.ttapiFull ||
          (guildId !== null &&
            (this.line.waitingIn(guildId) > 0 ||
              jobs.countInFlightIn(guildId) >= maxActivePerGuild));
        if (mustWait && guildId !== null && this.line.waitingIn(guildId) >= maxWaitingPerGuild) {
          return { kind: "line_full", limit: maxWaitingPerGuild };
        }
        const reservation = await quotas.reserve({
          scope,
          userId,
          jobId: input.id,
          videoSeconds: input.request.videoLength,
        });
        if (!reservation.ok) {
          return {
            kind: "over_quota",
            exceeded: reservation.exceeded,
            resetsAt: reservation.resetsAt,
          };
        }
        const createdAt = this.now();
        const draft: JobRecord = {
          id: input.id,
          ttapiJobId: null,
          status: mustWait ? "waiting" : "submitting",
          request: input.request,
          origin: input.origin,
          delivery: {
            ...input.delivery,
            uploadLimitBytes: input.delivery.uploadLimitBytes ?? null,
            messageId: null,
          },
          result: null,
          failure: null,
          eta: null,
          waitingPosition: null,
          hookToken: this.options.hookUrl ? randomBytes(24).toString("base64url") : null,
          charge: reservation.charge,
          createdAt,
          submittedAt: null,
          updatedAt: createdAt,
          polls: 0,
          pollErrors: 0,
        };
        // Written before anything is sent, so a crash during the submit is known on restart.
        await jobs.save(draft);
        await this.options.history.add(draft);
        for (const listener of this.startedListeners) listener(draft);
        return { kind: "admitted", draft };
      },
    );
  }

  /** One submit attempt; the outcome is recorded, shown and (if accepted) tracked. */
  private async submit(job: JobRecord): Promise<JobRecord> {
    const { ttapi, logger, hookUrl } = this.options;
    try {
      const url = hookUrl && job.hookToken ? hookUrl(job.id, job.hookToken) : undefined;
      const { jobId } = await ttapi.submit(job.request, url);
      logger.info({ jobId: job.id, ttapiJobId: jobId }, "job submitted");
      const now = this.now();
      const expected = await this.options.durations.expected(job.request.videoLength);
      const accepted: JobRecord = {
        ...job,
        ttapiJobId: jobId,
        status: "queued",
        waitingPosition: null,
        eta: expected === null ? null : { readyAt: now + expected, overdue: false },
        submittedAt: now,
        updatedAt: now,
      };
      const shown = await this.options.lifecycle.update(accepted);
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
        const waiting: JobRecord = { ...job, status: "waiting", updatedAt: this.now() };
        await this.options.jobs.save(waiting);
        this.line.join({ jobId: job.id, guildId: job.origin.guildId }, "ttapi_full");
        return waiting;
      }
      return this.fail(job, submitFailureKind(error), error.reason ?? null);
    }
  }

  private attemptWaiting(jobId: string): Promise<AttemptResult> {
    return this.waitingJobs.run(jobId, async () => {
      const job = await this.options.jobs.get(jobId);
      if (job?.status !== "waiting") return "left";
      if (this.now() - job.createdAt > this.options.giveUpAfterMs) {
        await this.fail(job, "busy_timed_out", null);
        return "left";
      }
      const after = await this.submit(job);
      return after.status === "waiting" ? "ttapi_full" : "submitted";
    });
  }

  private showPlace(jobId: string, place: number): Promise<void> {
    return this.waitingJobs.run(jobId, async () => {
      const job = await this.options.jobs.get(jobId);
      if (job?.status !== "waiting" || job.waitingPosition === place) return;
      await this.options.lifecycle.update({
        ...job,
        waitingPosition: place,
        updatedAt: this.now(),
      });
    });
  }

  private fail(job: JobRecord, kind: FailureKind, reason: string | null): Promise<JobRecord> {
    return this.options.lifecycle.end({
      ...job,
      status: "failed",
      failure: { kind, reason },
      waitingPosition: null,
      updatedAt: this.now(),
    });
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
