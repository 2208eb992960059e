import type { Logger } from "../../logger.js";
import type { QuotaService } from "../quotas/quota-service.js";
import type { AccessRefusal, Asker } from "./access-rules.js";
import {
  Admission,
  type AdmissionOptions,
  type StartGeneration,
  type StartResult,
} from "./admission.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import type { JobNotifier } from "./job-notifier.js";
import type { JobRecord } from "./job-record.js";
import { resumeJobs } from "./job-resume.js";
import type { JobStore, UnfinishedJob } from "./job-store.js";
import { JobSubmitter, type JobSubmitterOptions } from "./job-submitter.js";
import type { JobTracker } from "./job-tracker.js";
import {
  type CancelOutcome,
  type CancelRequest,
  WaitingJobs,
  type WaitingJobsOptions,
} from "./waiting-jobs.js";

export type GenerationServiceOptions = Pick<
  AdmissionOptions,
  | "guildSettings"
  | "quotaSettings"
  | "botBudget"
  | "serverKeys"
  | "history"
  | "maxActivePerUser"
  | "maxActivePerGuild"
  | "maxWaitingPerGuild"
> &
  Pick<
    WaitingJobsOptions,
    "submitRetryDelayMs" | "balanceRecheckMs" | "onBalance" | "placesIntervalMs" | "giveUpAfterMs"
  > &
  Pick<
    JobSubmitterOptions,
    "ttapi" | "serverTtapi" | "onServerKeyProblem" | "durations" | "hookUrl" | "checkClaim"
  > & {
    jobs: JobStore;
    tracker: JobTracker;
    lifecycle: JobLifecycle;
    quotas: QuotaService;
    notifier: JobNotifier;
    logger: Logger;
    /** Resumed jobs get their first poll spread over this long (the poll interval). */
    resumeSpreadMs: number;
    now?: () => number;
  };

/**
 * Starts generations, for `/grok-video` and for retries alike: admission decides (a saved
 * draft or a refusal), then the draft is submitted to TTAPI, or waits in the bot's line
 * when the server is at its cap or TTAPI is full. Outcomes are recorded before they are
 * shown. Data flows one way: this → admission, the submitter and the waiting jobs.
 */
export class GenerationService {
  private readonly submitter: JobSubmitter;
  private readonly waiting: WaitingJobs;
  private readonly admission: Admission;
  private readonly startedListeners: ((job: JobRecord) => void)[] = [];

  constructor(private readonly options: GenerationServiceOptions) {
    const now = options.now ?? Date.now;
    this.submitter = new JobSubmitter({ ...options, now });
    this.waiting = new WaitingJobs({ ...options, submitter: this.submitter, now });
    this.admission = new Admission({
      ...options,
      line: this.waiting,
      callbacks: options.hookUrl !== undefined,
      now,
    });
  }

  /** Called once per admitted job, as soon as the store holds it. */
  onStarted(listener: (job: JobRecord) => void): void {
    this.startedListeners.push(listener);
  }

  /** Requests in the bot's line. */
  get lineLength(): number {
    return this.waiting.length;
  }

  /**
   * Whether the server's rules let this member ask here (see access-rules), for an
   * entrance that answers before the request is complete; `start` applies them anyway.
   */
  refusedAccess(asker: Asker): Promise<AccessRefusal | undefined> {
    return this.admission.refusedAccess(asker);
  }

  async start(input: StartGeneration): Promise<StartResult> {
    const admitted = await this.admission.admit(input);
    if (admitted.kind !== "admitted") return admitted;
    const { draft } = admitted;
    for (const listener of this.startedListeners) listener(draft);
    // Admission put it in the line.
    if (draft.status === "waiting") return { kind: "started", job: draft };
    // Admission reserved it under the shards' claim a moment ago.
    const outcome = await this.submitter.submit(draft, true);
    if (outcome.kind === "ttapi_full" || outcome.kind === "balance_empty") {
      this.waiting.join(outcome.job, outcome.kind);
    }
    return { kind: "started", job: outcome.job };
  }

  /** This process's unfinished jobs after a start (see resumeJobs). */
  resume(active: readonly UnfinishedJob[]): Promise<number> {
    return resumeJobs(active, {
      ...this.options,
      waiting: this.waiting,
      submitter: this.submitter,
      spreadMs: this.options.resumeSpreadMs,
    });
  }

  /** Takes a request out of the bot's line before TTAPI has it. */
  cancel(request: CancelRequest): Promise<CancelOutcome> {
    return this.waiting.cancel(request);
  }

  stop(): Promise<void> {
    return this.waiting.stop();
  }
}
