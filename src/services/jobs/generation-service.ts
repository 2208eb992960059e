import type { Logger } from "../../logger.js";
import type { GuildSettingsService } from "../guild-settings/guild-settings.js";
import type { QuotaService } from "../quotas/quota-service.js";
import type { TtapiClient } from "../ttapi/ttapi-client.js";
import { Admission, type StartGeneration, type StartResult } from "./admission.js";
import type { JobDurations } from "./job-durations.js";
import type { JobHistory } from "./job-history.js";
import type { JobLifecycle } from "./job-lifecycle.js";
import type { JobRecord } from "./job-record.js";
import { resumeJobs } from "./job-resume.js";
import type { JobStore, UnfinishedJob } from "./job-store.js";
import { JobSubmitter } from "./job-submitter.js";
import type { JobTracker } from "./job-tracker.js";
import { type CancelOutcome, type CancelRequest, WaitingJobs } from "./waiting-jobs.js";

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

  async start(input: StartGeneration): Promise<StartResult> {
    const admitted = await this.admission.admit(input);
    if (admitted.kind !== "admitted") return admitted;
    const { draft } = admitted;
    for (const listener of this.startedListeners) listener(draft);
    if (draft.status === "waiting") {
      this.waiting.join(draft, "server_full");
      return { kind: "started", job: draft };
    }
    const outcome = await this.submitter.submit(draft);
    if (outcome.kind === "ttapi_full") this.waiting.join(outcome.job, "ttapi_full");
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
