import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { createJobCore, type TtapiPort } from "../../src/job-core.js";
import type { JobNotifier } from "../../src/services/jobs/job-notifier.js";
import { openStore } from "../../src/services/store.js";

export interface JobServicesOptions {
  ttapi: TtapiPort;
  notifier: JobNotifier;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  concurrency: number;
  giveUpAfterMs: number;
  /** Jobs in flight allowed per guild, and per user unless `maxActivePerUser` says. */
  maxActive: number;
  maxActivePerUser?: number;
}

/** The bot's job core without Discord, on an in-memory store with no quota limits. */
export async function createJobServices(options: JobServicesOptions) {
  const config = loadConfig({
    DISCORD_TOKEN: "unused",
    TTAPI_API_KEY: "unused",
    JOB_RETENTION_DAYS: "1",
    TTAPI_POLL_INTERVAL_MS: String(options.pollIntervalMs),
    TTAPI_POLL_MAX_INTERVAL_MS: String(options.maxPollIntervalMs),
    TTAPI_POLL_CONCURRENCY: String(options.concurrency),
    JOB_GIVE_UP_AFTER_MINUTES: String(options.giveUpAfterMs / 60_000),
    MAX_ACTIVE_JOBS_PER_USER: String(options.maxActivePerUser ?? options.maxActive),
    MAX_ACTIVE_JOBS_PER_GUILD: String(options.maxActive),
    MAX_WAITING_PER_GUILD: "1000",
    SUBMIT_RETRY_DELAY_MS: "10",
    WAITING_UPDATE_INTERVAL_MS: "10",
  });
  return createJobCore({
    config,
    store: await openStore("memory://"),
    notifier: () => options.notifier,
    logger: pino({ level: "silent" }),
    partition: "test",
    linkRefresher: { refresh: async () => new Map() },
    ttapi: options.ttapi,
  });
}
