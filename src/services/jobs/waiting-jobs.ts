import type { Logger } from "../../logger.js";
import { KeyedMutex } from "../keyed-mutex.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import type { JobRecord } from "./job-record.js";
import type { JobStore } from "./job-store.js";
import type { JobSubmitter } from "./job-submitter.js";
import { type AttemptResult, type JoinReason, SubmitLine } from "./submit-line.js";

export interface WaitingJobsOptions {
  jobs: Pick<JobStore, "get" | "countInFlightIn">;
  lifecycle: Pick<JobLifecycle, "update" | "onEnded">;
  submitter: Pick<JobSubmitter, "submit" | "fail" | "checkClaim">;
  logger: Logger;
  /** Jobs one server may have at TTAPI at once; more wait here. */
  maxActivePerGuild: number;
  /** Base delay before asking TTAPI again after a 429/499. */
  submitRetryDelayMs: number;
  /** Wait before asking TTAPI again after a 402 (balance empty). */
  balanceRecheckMs: number;
  /** Told when TTAPI's balance runs out, and when a submit goes through again. */
  onBalance?: (empty: boolean) => void;
  /** How often places in line are re-shown at most while the line moves. */
  placesIntervalMs: number;
  /** A job still waiting after this long is given up, as polling gives up. */
  giveUpAfterMs: number;
  now: () => number;
}

export interface CancelRequest {
  jobId: string;
  /** Where the Cancel was clicked: a job is cancelled only from its own message. */
  messageId: string;
  guildId: string | null;
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

/** How full the line is, for admission to decide whether a new request must wait, and
 * where it puts one that must. */
export interface LineState {
  readonly ttapiFull: boolean;
  waitingIn(guildId: string): number;
  join(job: JobRecord, reason: JoinReason): void;
}

/**
 * Waiting jobs sent to TTAPI side by side: enough to fill slots that free together with
 * the store 50 ms away, few enough that a TTAPI that is full turns away only that many.
 */
const TRIES_AT_ONCE = 8;

/**
 * The one owner of jobs waiting in the bot's line: the line itself, and the per-job mutex
 * that keeps a waiting job's try, its place updates and a Cancel from overlapping, so a
 * request is either sent or cancelled, never both.
 */
export class WaitingJobs implements LineState {
  private readonly mutex = new KeyedMutex();
  private readonly line: SubmitLine;

  constructor(private readonly options: WaitingJobsOptions) {
    this.line = new SubmitLine({
      attempt: (jobId) => this.attempt(jobId),
      hasRoom: async (guildId, trying) =>
        guildId === null ||
        options.jobs.countInFlightIn(guildId) + trying < options.maxActivePerGuild,
      triesAtOnce: TRIES_AT_ONCE,
      showPlace: (jobId, place) => this.showPlace(jobId, place),
      retryDelayMs: options.submitRetryDelayMs,
      balanceRecheckMs: options.balanceRecheckMs,
      ...(options.onBalance ? { onBalance: options.onBalance } : {}),
      maxRetryDelayMs: options.submitRetryDelayMs * 8,
      placesIntervalMs: options.placesIntervalMs,
      logger: options.logger,
    });
    // A job ending frees a slot at TTAPI and in its server: the line moves at once.
    options.lifecycle.onEnded(() => this.line.kick());
  }

  get length(): number {
    return this.line.length;
  }

  get ttapiFull(): boolean {
    return this.line.ttapiFull;
  }

  waitingIn(guildId: string): number {
    return this.line.waitingIn(guildId);
  }

  /** Puts a saved `waiting` job at the end of the line. */
  join(job: JobRecord, reason: JoinReason): void {
    this.line.join({ jobId: job.id, guildId: job.origin.guildId }, reason);
  }

  /** Takes a request out of the line before TTAPI has it; its reservation is given back. */
  cancel(request: CancelRequest): Promise<CancelOutcome> {
    return this.mutex.run(request.jobId, async (): Promise<CancelOutcome> => {
      const job = await this.options.jobs.get(request.jobId);
      // A custom_id naming another message's (or server's) job is forged: nothing there.
      const itsOwn =
        job?.delivery.messageId === request.messageId && job.origin.guildId === request.guildId;
      if (!job || !itsOwn) return { kind: "not_found" };
      if (request.actorId !== job.origin.userId && !(await request.isModerator())) {
        return { kind: "forbidden" };
      }
      if (job.status !== "waiting") return { kind: "not_waiting" };
      this.options.logger.info({ jobId: job.id, by: request.actorId }, "waiting job cancelled");
      return { kind: "cancelled", job: await this.options.submitter.fail(job, "cancelled", null) };
    });
  }

  stop(): Promise<void> {
    return this.line.stop();
  }

  private attempt(jobId: string): Promise<AttemptResult> {
    return this.mutex.run(jobId, async () => {
      const { jobs, submitter, giveUpAfterMs, now } = this.options;
      // Read beside the check that the shards are still this process's (one wait, not two).
      const [job] = await Promise.all([jobs.get(jobId), submitter.checkClaim()]);
      if (job?.status !== "waiting") return "left";
      if (now() - job.createdAt > giveUpAfterMs) {
        await submitter.fail(job, "busy_timed_out", null);
        return "left";
      }
      const outcome = await submitter.submit(job, true);
      if (outcome.kind === "ttapi_full" || outcome.kind === "balance_empty") return outcome.kind;
      return "submitted";
    });
  }

  private showPlace(jobId: string, place: number): Promise<void> {
    return this.mutex.run(jobId, async () => {
      const job = await this.options.jobs.get(jobId);
      if (job?.status !== "waiting" || job.waitingPosition === place) return;
      await this.options.lifecycle.update({
        ...job,
        waitingPosition: place,
        updatedAt: this.options.now(),
      });
    });
  }
}
