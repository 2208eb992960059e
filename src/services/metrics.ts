import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobRecord, VideoDelivery } from "./jobs/job-record.js";
import type { TtapiRequestObservation } from "./ttapi/ttapi-client.js";

/** Where a damaged stored value was met. */
export type DamagedKeyspace =
  | "job"
  | "active"
  | "quota_counter"
  | "quota_settings"
  | "guild_settings"
  | "server_key";

export interface MetricsSources {
  /** The bot's version (package.json), shown as `grok_build_info{version}`. */
  version: string;
  /** Unfinished jobs this process tracks (waiting ones included). */
  jobsInFlight: () => number;
  /** Requests in the bot's own line. */
  lineLength: () => number;
  /** The operator's budget (BOT_CREDIT_BUDGET) this period, read from the shared store. */
  botBudget?: () => Promise<{ used: number; limit: number }>;
}

/**
 * What operators can scrape (Prometheus text format, prom-client). Labels are closed
 * sets (statuses, failure kinds, operations): never prompts, user ids or tokens.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly jobsStarted: Counter;
  private readonly jobsFinished: Counter<"status" | "failure_kind">;
  private readonly creditsCharged: Counter;
  private readonly ttapiSeconds: Histogram<"operation">;
  private readonly ttapiErrors: Counter<"operation" | "kind">;
  private readonly ackSeconds: Histogram;
  private readonly uploads: Counter<"outcome">;
  private readonly setAside: Counter<"keyspace">;
  private readonly up: Gauge<"check">;
  private readonly standby: Gauge;
  private damagedSeen = 0;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.jobsStarted = new Counter({
      name: "grok_jobs_started_total",
      help: "Jobs admitted: sent to TTAPI or put in the bot's line.",
      registers,
    });
    this.jobsFinished = new Counter({
      name: "grok_jobs_finished_total",
      help: "Jobs that ended, by status and failure kind (none for made videos).",
      labelNames: ["status", "failure_kind"],
      registers,
    });
    this.creditsCharged = new Counter({
      name: "grok_credits_charged_total",
      help: "TTAPI credits of made videos, as TTAPI reported them.",
      registers,
    });
    this.ttapiSeconds = new Histogram({
      name: "grok_ttapi_request_duration_seconds",
      help: "One HTTP request to TTAPI, retries counted separately.",
      labelNames: ["operation"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.ttapiErrors = new Counter({
      name: "grok_ttapi_errors_total",
      help: "TTAPI requests that failed, by kind.",
      labelNames: ["operation", "kind"],
      registers,
    });
    this.setAside = new Counter({
      name: "grok_records_set_aside_total",
      help: "Stored values that could not be read, moved aside under damaged:… (see docs/operations.md).",
      labelNames: ["keyspace"],
      registers,
    });
    this.ackSeconds = new Histogram({
      name: "grok_interaction_ack_seconds",
      help: "From a member's command to its acknowledgement (Discord allows 3 s).",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    });
    this.uploads = new Counter({
      name: "grok_video_uploads_total",
      help: "Finished videos: attached, or shown as a link and why.",
      labelNames: ["outcome"],
      registers,
    });
    this.up = new Gauge({
      name: "grok_up",
      help: "What /healthz checks, at the last scrape: 1 fine, 0 not (gateway, store, ttapi_balance).",
      labelNames: ["check"],
      registers,
    });
    this.standby = new Gauge({
      name: "grok_standby",
      help: "1 while this process waits as a standby for shards another process holds.",
      registers,
    });
    // Prometheus's convention for what runs: a constant 1 whose labels say which build.
    new Gauge({
      name: "grok_build_info",
      help: "The bot's version and the Node.js it runs on (always 1).",
      labelNames: ["version", "node_version"],
      registers,
    }).set({ version: sources.version, node_version: process.versions.node }, 1);
    new Gauge({
      name: "grok_jobs_in_flight",
      help: "Unfinished jobs this process tracks, waiting ones included.",
      registers,
      collect() {
        this.set(sources.jobsInFlight());
      },
    });
    const { botBudget } = sources;
    if (botBudget) {
      new Gauge({
        name: "grok_bot_budget_credits",
        help: "The operator's credit budget for all servers this period: used (reserved included) and limit.",
        labelNames: ["kind"],
        registers,
        async collect() {
          const { used, limit } = await botBudget();
          this.set({ kind: "used" }, used);
          this.set({ kind: "limit" }, limit);
        },
      });
    }
    new Gauge({
      name: "grok_line_length",
      help: "Requests waiting in the bot's own line.",
      registers,
      collect() {
        this.set(sources.lineLength());
      },
    });
  }

  /**
   * Adds Node's own metrics (memory, CPU, event-loop lag, GC), which keep monitors running:
   * only for a process that serves them.
   */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  jobStarted(): void {
    this.jobsStarted.inc();
  }

  jobFinished(job: JobRecord): void {
    this.jobsFinished.inc({ status: job.status, failure_kind: job.failure?.kind ?? "none" });
    if (job.status === "succeeded" && job.result?.credits) {
      this.creditsCharged.inc(job.result.credits);
    }
  }

  ttapiRequest({ operation, seconds, error }: TtapiRequestObservation): void {
    this.ttapiSeconds.observe({ operation }, seconds);
    if (error) this.ttapiErrors.inc({ operation, kind: error });
  }

  acknowledged(milliseconds: number): void {
    this.ackSeconds.observe(milliseconds / 1000);
  }

  videoShown(video: VideoDelivery): void {
    this.uploads.inc({
      outcome: video.state === "attached" ? "attached" : (video.why?.kind ?? "off"),
    });
  }

  /** Whether this process stands by for its shards (PartitionOwner.claim). */
  standingBy(waiting: boolean): void {
    this.standby.set(waiting ? 1 : 0);
  }

  /** What `/healthz` found, for alert rules that cannot read its body. */
  healthChecked(checks: Record<"gateway" | "store" | "ttapi_balance", boolean>): void {
    for (const [check, fine] of Object.entries(checks)) this.up.set({ check }, fine ? 1 : 0);
  }

  /**
   * A stored value that could not be read: moved aside (`job` records, `active` rows), or
   * refusing what it governs (`quota_counter`, `quota_settings`, `guild_settings`,
   * `server_key`).
   */
  recordSetAside(keyspace: DamagedKeyspace): void {
    this.setAside.inc({ keyspace });
    this.damagedSeen += 1;
  }

  /** Damaged values met since start, for `/healthz`. */
  get damagedRecords(): number {
    return this.damagedSeen;
  }
}
